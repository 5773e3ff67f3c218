/// A stack of plain values (no references) in memory of its own. Pushing and popping check only the capacity,
/// where an array's `append` and `popLast` also check, on every call, that its storage is not shared: the
/// writer pushes and pops a collection for every mapping and sequence it writes. It is noncopyable, so its
/// memory has exactly one owner.
struct ValueStack<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// How many values are on the stack.
    private(set) var count = 0

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    mutating func push(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// The value pushed last, taken off the stack; nil when it is empty.
    @inline(__always)
    mutating func pop() -> Element? {
        guard count > 0 else { return nil }
        count &-= 1
        return base[count]
    }

    @inline(never)
    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
