import Foundation
import Testing

/// A bounded random-mutation fuzzer: each seed, then mutations of it (bit flips, the ``dictionary``'s fragments,
/// cuts and copies), through a parser; any input must end in a result or a located error, quickly, and a crash
/// ends the test process. `IMAGE_FACTORY_FUZZ_ITERATIONS` sets the budget per seed (CI runs a larger one),
/// `IMAGE_FACTORY_FUZZ_SEED` the seed.
public enum Fuzzer {
    public static let iterations = Int(ProcessInfo.processInfo.environment["IMAGE_FACTORY_FUZZ_ITERATIONS"] ?? "") ?? 300
    public static let seed = UInt64(ProcessInfo.processInfo.environment["IMAGE_FACTORY_FUZZ_SEED"] ?? "") ?? 0x1F2E3D4C

    /// Fragments that make parsers take unusual paths.
    public static let dictionary = [
        ": ", "- ", "[", "]", "{", "}", ",", "*a", "&a ", "? ", "!!binary ", "!!int ", "<<: ", "---\n", "...\n", "\t", "\"", "'",
        "#", "|\n", ">-\n", "\n  ", "\u{FEFF}", "\u{2028}", "\0", "~", "null", "true", "0x1F", "7d", "ghp_", "${", "$X", "\\\n",
        "FROM ", "ARG X=", "AS ", "--platform=", "<<EOF\n", "@sha256:", ":latest", "scratch", "# escape=`\n", "ONBUILD ", "${X:-",
        "COPY --from=", "RUN --mount=", ",from=", "\"from=", "ONBUILD COPY --from=", "${TARGETARCH}", "$BUILDPLATFORM", "--from=0 ",
    ]

    public struct Mutator: RandomNumberGenerator {
        public var state: UInt64

        public init(state: UInt64) { self.state = state }

        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
            var bytes = input
            for _ in 0..<Int.random(in: 1...4, using: &self) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &self)
                switch Int.random(in: 0..<6, using: &self) {
                case 0 where !bytes.isEmpty:
                    let index = min(position, bytes.count - 1)
                    bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &self))
                case 1:
                    let piece = Fuzzer.dictionary[Int.random(in: 0..<Fuzzer.dictionary.count, using: &self)]
                    bytes.insert(contentsOf: Array(piece.utf8), at: position)
                case 2 where !bytes.isEmpty:
                    let end = min(bytes.count, position + Int.random(in: 1...16, using: &self))
                    bytes.removeSubrange(min(position, end)..<end)
                case 3 where !bytes.isEmpty:
                    let start = Int.random(in: 0..<bytes.count, using: &self)
                    let end = min(bytes.count, start + Int.random(in: 1...64, using: &self))
                    bytes.insert(contentsOf: bytes[start..<end], at: position)
                case 4:
                    bytes = Array(bytes.prefix(position))
                default:
                    bytes.insert(UInt8.random(in: 0...255, using: &self), at: position)
                }
            }
            return bytes
        }
    }

    /// The files of `folder` whose names end in `suffix`, sorted by name.
    public static func seeds(in folder: String, endingWith suffix: String) throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { $0.hasSuffix(suffix) }.map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
        }
    }

    /// Runs each seed, then ``iterations`` mutations of it, through `exercise`; each input must finish in 2 s.
    public static func fuzz(_ seeds: [(name: String, bytes: [UInt8])], state: UInt64, _ exercise: ([UInt8]) -> Void) {
        var mutator = Mutator(state: state)
        let clock = ContinuousClock()
        for seed in seeds {
            exercise(seed.bytes)
            for _ in 0..<iterations {
                let input = mutator.mutate(seed.bytes)
                let start = clock.now
                exercise(input)
                #expect(clock.now - start < .seconds(2), "slow input: \(String(decoding: input, as: UTF8.self).debugDescription)")
            }
        }
    }
}
