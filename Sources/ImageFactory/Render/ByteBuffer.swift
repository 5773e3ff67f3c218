/// A growable run of bytes that ``YAMLWriter`` appends to: a byte, a few bytes, or a run of spaces at a time,
/// millions of times per synth run. `[UInt8]`'s `append` checks that the array is uniquely referenced on every
/// call and copies a buffer through a generic path, which cost more than the writing itself; this buffer
/// checks only its capacity. It is noncopyable, so its memory has exactly one owner.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes were appended.
    private(set) var count = 0

    init(capacity: Int = 8192) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let length = bytes.count
        if capacity - count < length { grow(toHold: count + length) }
        (base + count).initialize(from: source, count: length)
        count += length
    }

    /// Appends `byte` `repetitions` times (none when `repetitions` is not positive).
    @inline(__always)
    mutating func append(_ byte: UInt8, repeated repetitions: Int) {
        guard repetitions > 0 else { return }
        if capacity - count < repetitions { grow(toHold: count + repetitions) }
        if repetitions <= 16 {
            for offset in 0..<repetitions { base[count &+ offset] = byte }
        } else {
            (base + count).initialize(repeating: byte, count: repetitions)
        }
        count += repetitions
    }

    /// The bytes appended so far.
    func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
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
