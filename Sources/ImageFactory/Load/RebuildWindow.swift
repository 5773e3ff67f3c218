import ImageFactoryManifests

/// When rebuilds for new bases may start: a daily span of UTC time, on some days of the week (`rebuildWindow`).
///
/// A span whose end is before its start runs past midnight (`22:00-04:00`); `days` then names the day it opens.
package struct RebuildWindow: Sendable, Hashable, CustomStringConvertible {
    /// Minutes after 00:00 UTC at which the window opens.
    package var start: Int
    /// Minutes after 00:00 UTC at which it closes (1440 is midnight at the end of the day).
    package var end: Int
    /// The days it opens on, Monday first; all seven when `days` is not given.
    package var days: [Weekday]

    /// The shortest window synth accepts: a Warehouse must be able to look for digests while it is open.
    package static let shortest = Kargo.Duration(seconds: 15 * 60)

    package enum Weekday: String, Sendable, Hashable, CaseIterable, Comparable {
        case mon, tue, wed, thu, fri, sat, sun

        /// The name Go's `time.Format("Mon")` gives.
        package var goName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

        var next: Weekday {
            let all = Weekday.allCases
            return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
        }

        package static func < (lhs: Weekday, rhs: Weekday) -> Bool {
            (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
        }
    }

    package init(start: Int, end: Int, days: [Weekday] = Weekday.allCases) {
        self.start = start
        self.end = end
        self.days = days
    }

    /// Whether the window runs past midnight.
    package var wrapsMidnight: Bool { end < start }

    /// How long the window stays open each time.
    package var length: Kargo.Duration {
        Kargo.Duration(seconds: (wrapsMidnight ? end + 1440 - start : end - start) * 60)
    }

    package var everyDay: Bool { days.count == Weekday.allCases.count }

    /// `HH:MM` of a minute of the day.
    package static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    /// `01:00-05:00 UTC mon-fri`, as messages and explanations show it.
    package var description: String {
        "\(Self.clock(start))-\(Self.clock(end)) UTC" + (everyDay ? "" : " " + dayRanges.joined(separator: ","))
    }

    /// The days as runs: `mon-fri`, `sat-sun`, `mon`, `wed`.
    package var dayRanges: [String] {
        var ranges: [String] = []
        var index = 0
        while index < days.count {
            var end = index
            while end + 1 < days.count, days[end].next == days[end + 1] { end += 1 }
            ranges.append(end > index ? "\(days[index].rawValue)-\(days[end].rawValue)" : days[index].rawValue)
            index = end + 1
        }
        return ranges
    }

    /// Parses `HH:MM-HH:MM` (24-hour UTC clock; the end may be `24:00`); the reason when it is not one.
    package static func parseHours(_ text: String) -> Result<(start: Int, end: Int), RebuildWindowError> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start < 1440 else {
            return .failure(RebuildWindowError("must be two UTC times HH:MM-HH:MM, such as 01:00-05:00 (or 22:00-04:00 across midnight)"))
        }
        guard start != end else {
            return .failure(RebuildWindowError("opens and closes at the same time; leave rebuildWindow out to allow rebuilds at any time"))
        }
        return .success((start, end))
    }

    /// Parses day names and ranges (`mon`, `sat-sun`, `mon-fri`), returning the days in week order.
    package static func parseDays(_ entries: [String]) -> Result<[Weekday], RebuildWindowError> {
        var days: Set<Weekday> = []
        for entry in entries {
            let bounds = entry.lowercased().split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(bounds.count), let first = Weekday(rawValue: bounds[0]), let last = Weekday(rawValue: bounds[bounds.count - 1]) else {
                return .failure(RebuildWindowError("'\(entry)' is not a day or a range of days (mon, tue, wed, thu, fri, sat, sun; e.g. mon-fri)"))
            }
            var day = first
            days.insert(day)
            while day != last {
                day = day.next
                days.insert(day)
            }
        }
        return .success(days.sorted())
    }

    private static func minutes(_ text: Substring) -> Int? {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hours = Int(pieces[0]), let minutes = Int(pieces[1]), (0...59).contains(minutes) else { return nil }
        let total = hours * 60 + minutes
        return (0...1440).contains(total) ? total : nil
    }
}

/// Why a `rebuildWindow` setting was refused.
package struct RebuildWindowError: Error, Sendable, Hashable {
    package var reason: String

    package init(_ reason: String) { self.reason = reason }
}
