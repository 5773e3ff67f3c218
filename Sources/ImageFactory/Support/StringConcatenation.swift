extension String {
    /// The parts one after another, written into a string of the right size at once. Interpolating or appending
    /// part by part regrows the string and copies it as it goes, which for the URLs and names made for every
    /// image cost more than all else about them.
    init(concatenating parts: String...) {
        self.init(unsafeUninitializedCapacity: parts.reduce(0) { $0 + $1.utf8.count }) { buffer in
            var count = 0
            for part in parts {
                // Fills exactly `part.utf8.count` bytes: the capacity is the sum of them.
                count = UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(from: part.utf8).1 + count
            }
            return count
        }
    }
}
