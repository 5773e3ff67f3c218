import ImageFactorySupport

/// A growable run of bytes that ``YAMLWriter`` appends to: a byte, a few bytes, or a run of spaces at a time,
/// millions of times per synth run. `[UInt8]`'s `append` checks that the array is uniquely referenced on every
/// call and copies a buffer through a generic path, which cost more than the writing itself; this buffer
/// checks only its capacity. It is noncopyable, so its memory has exactly one owner.
package struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes were appended.
    package private(set) var count = 0

    package init(capacity: Int = 8192) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    package mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let length = bytes.count
        if capacity - count < length { grow(toHold: count + length) }
        (base + count).initialize(from: source, count: length)
        count += length
    }

    /// Appends the UTF-8 of `text`, copied as one block from the string's storage.
    package mutating func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    // MARK: Writes into reserved room
    //
    // The writer's commonest pieces (a line break and its indentation, a short key or value) are appended after
    // one check for room, a word at a time.

    /// Makes room for `extra` more bytes, and eight to spare beyond them for the word-wide writes below.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if capacity &- count < extra &+ 8 { grow(toHold: count + extra + 8) }
    }

    /// Appends `byte` into room made by ``reserve(_:)``.
    @inline(__always)
    mutating func appendReserved(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    /// Appends `repetitions` spaces into room made by ``reserve(_:)``, eight at a time (the last word may write
    /// up to seven bytes past them, into the spare room, where they count for nothing).
    @inline(__always)
    mutating func appendSpacesReserved(_ repetitions: Int) {
        var offset = 0
        while offset < repetitions {
            UnsafeMutableRawPointer(base + count + offset).storeBytes(of: 0x2020_2020_2020_2020 as UInt64, as: UInt64.self)
            offset &+= 8
        }
        count &+= max(repetitions, 0)
    }

    /// Appends `bytes` into room made by ``reserve(_:)``: eight bytes or more a word at a time (the last word
    /// overlapping the one before), fewer byte by byte.
    @inline(__always)
    mutating func appendReserved(_ bytes: UnsafeBufferPointer<UInt8>) {
        let length = bytes.count
        guard let source = bytes.baseAddress else { return }
        let target = UnsafeMutableRawPointer(base + count)
        if length >= 8 {
            var offset = 0
            while offset + 8 < length {
                target.storeBytes(of: UnsafeRawPointer(source + offset).loadUnaligned(as: UInt64.self), toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            target.storeBytes(of: UnsafeRawPointer(source + length - 8).loadUnaligned(as: UInt64.self), toByteOffset: length - 8, as: UInt64.self)
        } else if length >= 4 {
            // Four to seven: the first four bytes and the last four, overlapping.
            target.storeBytes(of: UnsafeRawPointer(source).loadUnaligned(as: UInt32.self), as: UInt32.self)
            target.storeBytes(of: UnsafeRawPointer(source + length - 4).loadUnaligned(as: UInt32.self), toByteOffset: length - 4, as: UInt32.self)
        } else {
            for offset in 0..<length { base[count &+ offset] = source[offset] }
        }
        count &+= length
    }

    /// The bytes appended so far.
    package func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(never)
    private mutating func grow(toHold minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
