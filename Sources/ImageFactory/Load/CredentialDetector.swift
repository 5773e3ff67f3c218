import ImageFactorySupport

/// Recognizes values that look like credentials, so images.yaml can never carry one into the output.
///
/// The patterns are the token formats of GitHub, GitLab, AWS, Slack and Docker Hub, and PEM private keys.
/// Written out by hand over the UTF-8 bytes, without allocating: every string the decoder reads passes through here.
enum CredentialDetector {
    private struct TokenPrefix {
        var bytes: [UInt8]
        var minimumRest: Int
        var kind: String

        init(_ prefix: String, _ minimumRest: Int, _ kind: String) {
            self.bytes = Array(prefix.utf8)
            self.minimumRest = minimumRest
            self.kind = kind
        }
    }

    private static let prefixes: [TokenPrefix] = [
        TokenPrefix("ghp_", 30, "GitHub token"), TokenPrefix("gho_", 30, "GitHub token"), TokenPrefix("ghu_", 30, "GitHub token"),
        TokenPrefix("ghs_", 30, "GitHub token"), TokenPrefix("ghr_", 30, "GitHub token"), TokenPrefix("github_pat_", 40, "GitHub fine-grained token"),
        TokenPrefix("glpat-", 20, "GitLab token"), TokenPrefix("glptt-", 20, "GitLab trigger token"), TokenPrefix("xoxb-", 10, "Slack token"),
        TokenPrefix("xoxa-", 10, "Slack token"), TokenPrefix("xoxp-", 10, "Slack token"), TokenPrefix("xoxr-", 10, "Slack token"),
        TokenPrefix("xoxs-", 10, "Slack token"), TokenPrefix("dckr_pat_", 20, "Docker Hub token"), TokenPrefix("AKIA", 16, "AWS access key"),
    ]

    /// The shortest value any token pattern can match.
    private static let shortestToken = prefixes.map { $0.bytes.count + $0.minimumRest }.min() ?? 0

    /// What kind of credential `value` looks like, or nil.
    static func kind(of value: String) -> String? {
        value.withUTF8Bytes { kind(ofBytes: $0, value: value) }
    }

    /// `value`'s kind, scanning its UTF-8 `bytes` (indexed from 0): a token starts with one of `prefixes` after a byte that cannot
    /// be part of one, and goes on for at least its `minimumRest` token bytes.
    private static func kind<Bytes: RandomAccessCollection<UInt8>>(ofBytes bytes: Bytes, value: String) -> String? where Bytes.Index == Int {
        if value.containsUTF8("-----BEGIN "), value.contains("-----BEGIN "), value.contains("PRIVATE KEY") {
            return "private key"
        }
        guard bytes.count >= shortestToken else { return nil }
        for start in 0..<bytes.count {
            let first = bytes[start]
            guard first == UInt8(ascii: "g") || first == UInt8(ascii: "x") || first == UInt8(ascii: "d") || first == UInt8(ascii: "A"),
                  start == 0 || !isTokenByte(bytes[start - 1]) else { continue }
            if let kind = token(at: start, in: bytes) { return kind }
        }
        return nil
    }

    /// The kind of the token starting at `start`, if one does.
    private static func token<Bytes: RandomAccessCollection<UInt8>>(at start: Int, in bytes: Bytes) -> String? where Bytes.Index == Int {
        for prefix in prefixes {
            let length = prefix.bytes.count
            guard bytes.count - start >= length + prefix.minimumRest, hasPrefix(prefix.bytes, at: start, in: bytes) else { continue }
            var end = start + length
            while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
            if end - start - length >= prefix.minimumRest { return prefix.kind }
        }
        return nil
    }

    private static func hasPrefix<Bytes: RandomAccessCollection<UInt8>>(_ prefix: [UInt8], at start: Int, in bytes: Bytes) -> Bool where Bytes.Index == Int {
        for offset in prefix.indices where bytes[start + offset] != prefix[offset] { return false }
        return true
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f || byte == 0x2d
    }
}
