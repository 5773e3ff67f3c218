import Foundation

/// The check `image-factory analyze` runs in the analysis Job: do a Dockerfile's base images still match the
/// ones synth generated the pipeline for?
package struct BaseImageCheck: Sendable, Hashable {
    /// The environment variable `image-factory analyze` reads a token from, for private repositories.
    package static let tokenVariable = "IMAGE_FACTORY_GIT_TOKEN"
    /// Where GitHub Dockerfiles are read from: the host a token goes to when the analysis Job names none.
    package static let defaultTokenHost = "raw.githubusercontent.com"

    /// Bases the Dockerfile names that synth did not expect (a new rebuild trigger is missing).
    package var unexpected: [ImageReference]
    /// Bases synth expected that the Dockerfile no longer names (a rebuild trigger is stale).
    package var missing: [ImageReference]
    package var found: [ImageReference]

    package var matches: Bool { unexpected.isEmpty && missing.isEmpty }

    /// Compares by registry, repository, tag and digest, ignoring order and repetition.
    package init(found: [ImageReference], expected: [ImageReference]) {
        let foundSet = Set(found)
        let expectedSet = Set(expected)
        self.found = foundSet.sorted()
        unexpected = foundSet.subtracting(expectedSet).sorted()
        missing = expectedSet.subtracting(foundSet).sorted()
    }

    /// Parses the comma-separated list the analysis Stage passes; `scratch` alone means "no base images".
    package static func parseExpected(_ text: String) throws(ImageReferenceError) -> [ImageReference] {
        var references: [ImageReference] = []
        for part in text.split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            if item.isEmpty || item == "scratch" { continue }
            references.append(try ImageReference.parse(item))
        }
        return references
    }

    /// One line per difference, saying what to do about it.
    package var report: String {
        if matches {
            return "ok: the Dockerfile builds on \(found.isEmpty ? "no base image (scratch)" : found.map(\.description).joined(separator: ", ")), as generated"
        }
        var lines: [String] = []
        for reference in unexpected { lines.append("new base image \(reference): the generated pipeline does not watch it") }
        for reference in missing { lines.append("base image \(reference) is no longer used, but the generated pipeline still watches it") }
        lines.append("run `image-factory synth` on the current images.yaml and commit dist/ so rebuild triggers match the Dockerfile")
        return lines.joined(separator: "\n")
    }
}
