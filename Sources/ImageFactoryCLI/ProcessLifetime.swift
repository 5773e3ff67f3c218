import Foundation

/// Values the CLI keeps until the process exits instead of freeing them when a command returns.
///
/// A synth run builds one large graph of small objects (the loaded images, the plan's objects, the files they
/// render into) and is about to exit once it has written them. Freeing them one by one costs a tenth of a
/// run; the operating system takes the whole heap back at exit for nothing. Compilers do the same with their
/// syntax trees (clang's `-disable-free`). This is the CLI's choice only: the library frees everything as usual.
enum ProcessLifetime {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps `value` (and so everything it references) until the process exits.
    static func keep(_ value: Any) {
        lock.lock()
        defer { lock.unlock() }
        kept.append(value)
    }
}
