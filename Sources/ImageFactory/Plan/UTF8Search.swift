/// Byte searches in strings, for the ASCII markers the planner looks for (`+`, `${`, `{{`): Foundation's
/// `contains` and `range(of:)`, or walking a string's characters, cost more than building the value it checks.
/// They serve as a first look: where the bytes of a marker are missing, no search by characters finds it either,
/// so only texts that have them need the character-aware search.
extension StringProtocol {
    /// Whether the UTF-8 encoding contains `byte`.
    func containsUTF8(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// Whether the UTF-8 encoding contains the bytes of `marker` in a row.
    func containsUTF8(_ marker: String) -> Bool {
        func search<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
            guard let first = marker.utf8.first else { return true }
            var start = bytes.startIndex
            while let found = bytes[start...].firstIndex(of: first) {
                if bytes[found...].starts(with: marker.utf8) { return true }
                start = bytes.index(after: found)
            }
            return false
        }
        return utf8.withContiguousStorageIfAvailable(search) ?? search(utf8)
    }
}
