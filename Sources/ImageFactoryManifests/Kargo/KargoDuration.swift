extension Kargo {
    /// A duration written the way people write them in images.yaml (`7d`, `36h`, `1h30m`, `2w`), rendered the way
    /// Kargo accepts them (`168h`, `36h`, `1h30m`): only `s`, `m` and `h` units.
    public struct Duration: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var seconds: Int

        public init(seconds: Int) { self.seconds = seconds }

        /// Parses a sequence of `<number><unit>` with units `s`, `m`, `h`, `d`, `w`. Returns nil when malformed.
        public init?(parsing text: String) {
            let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
            var total = 0
            var number = 0
            var digits = 0
            var sawUnit = false
            for character in text {
                if let digit = character.wholeNumberValue, character.isASCII {
                    number = number * 10 + digit
                    digits += 1
                    if digits > 9 { return nil }
                } else if let unit = units[character], digits > 0 {
                    let (product, overflow) = number.multipliedReportingOverflow(by: unit)
                    guard !overflow else { return nil }
                    let (sum, overflowSum) = total.addingReportingOverflow(product)
                    guard !overflowSum else { return nil }
                    total = sum
                    number = 0
                    digits = 0
                    sawUnit = true
                } else {
                    return nil
                }
            }
            guard sawUnit, digits == 0 else { return nil }
            seconds = total
        }

        /// `168h`, `1h30m`, `45s`, `0s`: the largest units first, as Kargo's pattern `^([0-9]+(s|m|h))+$` accepts.
        public var description: String {
            guard seconds > 0 else { return "0s" }
            var rest = seconds
            var text = ""
            for (unit, size) in [("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
                text += "\(rest / size)\(unit)"
                rest %= size
            }
            return text
        }

        public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.seconds < rhs.seconds }
    }
}
