import Crypto
import ImageFactorySupport

/// Builds Kubernetes object names that are valid, readable and stable.
///
/// Names are DNS-1123 labels (`[a-z0-9-]`, at most 63 characters, no dots, so that Kargo's
/// `kargo.akuity.io/stage` labels and `project:stage` annotations stay readable). A name that would be
/// longer is cut and given a suffix derived from the whole untruncated name, so it stays unique and the
/// same on every run.
package enum KubernetesName {
    package static let maxLength = 63

    /// Lowercases, turns every run of other characters into one `-`, and trims `-` from both ends.
    package static func sanitize(_ text: String) -> String {
        joinedSanitized([text])
    }

    /// Joins sanitized parts with `-`; when the result is longer than `maxLength`, keeps a prefix and adds
    /// `-<8 hex of SHA-256(joined)>`.
    package static func make(_ parts: String..., maxLength: Int = KubernetesName.maxLength) -> String {
        make(parts: parts, maxLength: maxLength)
    }

    /// See ``make(_:maxLength:)``.
    package static func make(parts: [String], maxLength: Int = KubernetesName.maxLength) -> String {
        let joined = joinedSanitized(parts)
        // Sanitized text is ASCII: its length in bytes is its length in characters.
        guard joined.utf8.count > maxLength else { return joined.isEmpty ? "x" : joined }
        return withSuffix(joined, hashOf: joined, maxLength: maxLength)
    }

    /// `parts.map(sanitize).filter { !$0.isEmpty }.joined(separator: "-")`, written straight into the new
    /// string's storage: names are made for every object, and building them part by part cost more than the
    /// rest of an object. Byte by byte: every byte of a non-ASCII scalar is an "other" character, and a run of
    /// them is one `-`, as the scalar would be. Nothing written is longer than the parts and a `-` between each.
    private static func joinedSanitized(_ parts: [String]) -> String {
        String(unsafeUninitializedCapacity: parts.reduce(parts.count) { $0 + $1.utf8.count }) { buffer in
            var count = 0
            for part in parts {
                let separated = count > 0
                if separated {
                    buffer[count] = UInt8(ascii: "-")
                    count += 1
                }
                let partStart = count
                // Through the part's own bytes (copied first only when it has none in one piece).
                count = part.withUTF8Bytes { appendSanitized($0, to: buffer, at: count) }
                // An empty part adds no separator.
                if separated, count == partStart { count -= 1 }
            }
            return count
        }
    }

    /// Writes `bytes` sanitized into `buffer` from `start` (see ``joinedSanitized(_:)``); returns where it stopped.
    private static func appendSanitized(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var count = start
        var pendingDash = false
        for byte in bytes {
            let lower: UInt8
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): lower = byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): lower = byte + 32
            default:
                pendingDash = true
                continue
            }
            if pendingDash, count > start {
                buffer[count] = UInt8(ascii: "-")
                count += 1
            }
            pendingDash = false
            buffer[count] = lower
            count += 1
        }
        return count
    }

    /// `name` cut to fit, followed by `-` and 8 hex characters of SHA-256(`key`).
    package static func withSuffix(_ name: String, hashOf key: String, maxLength: Int = KubernetesName.maxLength) -> String {
        let suffix = shortHash(key)
        var prefix = String(name.prefix(max(1, maxLength - suffix.count - 1)))
        while prefix.hasSuffix("-") { prefix.removeLast() }
        return prefix.isEmpty ? suffix : "\(prefix)-\(suffix)"
    }

    /// The first 8 hex characters of SHA-256 of `text`.
    package static func shortHash(_ text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        let hex: [Character] = Array("0123456789abcdef")
        var out = ""
        for byte in digest.prefix(4) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return out
    }

    /// Whether `name` is a DNS-1123 label of at most 63 characters.
    package static func isValidLabel(_ name: String) -> Bool {
        guard (1...maxLength).contains(name.utf8.count) else { return false }
        let bytes = Array(name.utf8)
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
        guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 0x2d }
    }
}
