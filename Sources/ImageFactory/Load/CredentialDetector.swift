/// Recognizes values that look like credentials, so images.yaml can never carry one into the output.
///
/// The patterns are the token formats of GitHub, GitLab, AWS, Slack and Docker Hub, and PEM private keys.
/// Written out by hand: every string the decoder reads passes through here.
enum CredentialDetector {
    private static let prefixes: [(prefix: String, minimumRest: Int, kind: String)] = [
        ("ghp_", 30, "GitHub token"), ("gho_", 30, "GitHub token"), ("ghu_", 30, "GitHub token"),
        ("ghs_", 30, "GitHub token"), ("ghr_", 30, "GitHub token"), ("github_pat_", 40, "GitHub fine-grained token"),
        ("glpat-", 20, "GitLab token"), ("glptt-", 20, "GitLab trigger token"), ("xoxb-", 10, "Slack token"),
        ("xoxa-", 10, "Slack token"), ("xoxp-", 10, "Slack token"), ("xoxr-", 10, "Slack token"), ("xoxs-", 10, "Slack token"),
        ("dckr_pat_", 20, "Docker Hub token"), ("AKIA", 16, "AWS access key"),
    ]

    /// What kind of credential `value` looks like, or nil.
    static func kind(of value: String) -> String? {
        if value.contains("-----BEGIN "), value.contains("PRIVATE KEY") { return "private key" }
        let bytes = Array(value.utf8)
        for start in bytes.indices where start == 0 || !isTokenByte(bytes[start - 1]) {
            for (prefix, minimumRest, kind) in prefixes {
                let prefixBytes = Array(prefix.utf8)
                guard bytes.count - start >= prefixBytes.count + minimumRest,
                      Array(bytes[start..<(start + prefixBytes.count)]) == prefixBytes else { continue }
                var end = start + prefixBytes.count
                while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
                if end - start - prefixBytes.count >= minimumRest { return kind }
            }
        }
        return nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f || byte == 0x2d
    }
}
