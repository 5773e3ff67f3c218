// TEMPORARY STUB (replaced by the helper's scripts)
public enum BuildScript: String, CaseIterable, Sendable {
    case resolveBuild = "resolve-build.sh"
    case signImage = "sign-image.sh"
    case recordVersion = "record-version.sh"
    public var fileName: String { "\(rawValue).mustache" }
    public var environment: [String] { [] }
    public var builtInTemplate: String { "set -euo pipefail\necho stub\n" }
}
