import Foundation
import Testing

@testable import ImageFactory

/// Expected outputs below were produced by GNU diffutils 3.8
/// (`diff -u --label a/x --label b/x old new`) and pasted verbatim.
@Suite("UnifiedDiff")
struct UnifiedDiffTests {
    /// `"line 1\n" ... "line <count>\n"`.
    private static func numberedLines(_ count: Int) -> [String] {
        (1...count).map { "line \($0)" }
    }

    private static func text(_ lines: [String]) -> String {
        lines.map { $0 + "\n" }.joined()
    }

    private static func diff(_ old: String?, _ new: String?, context: Int = 3) -> String {
        UnifiedDiff.render(old: old, new: new, oldPath: "x", newPath: "x", context: context)
    }

    @Test func identicalTextsRenderNothing() {
        let text = Self.text(Self.numberedLines(20))
        #expect(Self.diff(text, text) == "")
        #expect(Self.diff("", "") == "")
        #expect(Self.diff("no newline", "no newline") == "")
        #expect(Self.diff(nil, nil) == "")
        #expect(Self.diff(nil, "") == "")
        #expect(Self.diff("", nil) == "")
    }

    @Test func oneLineChangedInTheMiddle() {
        var lines = Self.numberedLines(20)
        let old = Self.text(lines)
        lines[9] = "line ten"
        let new = Self.text(lines)
        #expect(
            Self.diff(old, new) == """
                --- a/x
                +++ b/x
                @@ -7,7 +7,7 @@
                 line 7
                 line 8
                 line 9
                -line 10
                +line ten
                 line 11
                 line 12
                 line 13

                """)
    }

    @Test func pathsAppearInTheHeaders() {
        let rendered = UnifiedDiff.render(
            old: "a\n", new: "b\n", oldPath: "Images/old.txt", newPath: "Images/new.txt")
        #expect(
            rendered == """
                --- a/Images/old.txt
                +++ b/Images/new.txt
                @@ -1 +1 @@
                -a
                +b

                """)
    }

    @Test func additionsAtStartAndEnd() {
        let lines = Self.numberedLines(10)
        let old = Self.text(lines)
        let new = Self.text(["first"] + lines + ["last"])
        #expect(
            Self.diff(old, new) == """
                --- a/x
                +++ b/x
                @@ -1,3 +1,4 @@
                +first
                 line 1
                 line 2
                 line 3
                @@ -8,3 +9,4 @@
                 line 8
                 line 9
                 line 10
                +last

                """)
    }

    @Test func twoDistantChangesMakeTwoHunks() {
        var lines = Self.numberedLines(30)
        let old = Self.text(lines)
        lines[4] = "five"
        lines[24] = "twenty-five"
        let new = Self.text(lines)
        #expect(
            Self.diff(old, new) == """
                --- a/x
                +++ b/x
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +five
                 line 6
                 line 7
                 line 8
                @@ -22,7 +22,7 @@
                 line 22
                 line 23
                 line 24
                -line 25
                +twenty-five
                 line 26
                 line 27
                 line 28

                """)
    }

    /// Six unchanged lines between two changes: the two contexts of 3 touch, so one hunk.
    @Test func twoNearChangesMergeIntoOneHunk() {
        var lines = Self.numberedLines(30)
        let old = Self.text(lines)
        lines[4] = "five"
        lines[11] = "twelve"
        let new = Self.text(lines)
        #expect(
            Self.diff(old, new) == """
                --- a/x
                +++ b/x
                @@ -2,14 +2,14 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +five
                 line 6
                 line 7
                 line 8
                 line 9
                 line 10
                 line 11
                -line 12
                +twelve
                 line 13
                 line 14
                 line 15

                """)
    }

    /// Seven unchanged lines between two changes: one more than 2 × context, so two hunks.
    @Test func changesSevenLinesApartStaySeparate() {
        var lines = Self.numberedLines(30)
        let old = Self.text(lines)
        lines[4] = "five"
        lines[12] = "thirteen"
        let new = Self.text(lines)
        #expect(
            Self.diff(old, new) == """
                --- a/x
                +++ b/x
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +five
                 line 6
                 line 7
                 line 8
                @@ -10,7 +10,7 @@
                 line 10
                 line 11
                 line 12
                -line 13
                +thirteen
                 line 14
                 line 15
                 line 16

                """)
        #expect(
            Self.diff(old, new, context: 0) == """
                --- a/x
                +++ b/x
                @@ -5 +5 @@
                -line 5
                +five
                @@ -13 +13 @@
                -line 13
                +thirteen

                """)
        #expect(
            Self.diff(old, new, context: 1) == """
                --- a/x
                +++ b/x
                @@ -4,3 +4,3 @@
                 line 4
                -line 5
                +five
                 line 6
                @@ -12,3 +12,3 @@
                 line 12
                -line 13
                +thirteen
                 line 14

                """)
        // Negative context behaves like 0.
        #expect(Self.diff(old, new, context: -5) == Self.diff(old, new, context: 0))
    }

    @Test func fileAdded() {
        #expect(
            Self.diff(nil, "hello\nworld\n") == """
                --- /dev/null
                +++ b/x
                @@ -0,0 +1,2 @@
                +hello
                +world

                """)
    }

    @Test func fileRemoved() {
        #expect(
            Self.diff("hello\nworld", nil) == """
                --- a/x
                +++ /dev/null
                @@ -1,2 +0,0 @@
                -hello
                -world
                \\ No newline at end of file

                """)
    }

    @Test func missingTrailingNewlineOnOneSide() {
        let withNewline = "alpha\nbeta\ngamma\n"
        let withoutNewline = "alpha\nbeta\ngamma"
        #expect(
            Self.diff(withoutNewline, withNewline) == """
                --- a/x
                +++ b/x
                @@ -1,3 +1,3 @@
                 alpha
                 beta
                -gamma
                \\ No newline at end of file
                +gamma

                """)
        #expect(
            Self.diff(withNewline, withoutNewline) == """
                --- a/x
                +++ b/x
                @@ -1,3 +1,3 @@
                 alpha
                 beta
                -gamma
                +gamma
                \\ No newline at end of file

                """)
    }

    @Test func missingTrailingNewlineOnBothSidesInContext() {
        #expect(
            Self.diff("alpha\nbeta\ngamma", "alpha\nBETA\ngamma") == """
                --- a/x
                +++ b/x
                @@ -1,3 +1,3 @@
                 alpha
                -beta
                +BETA
                 gamma
                \\ No newline at end of file

                """)
    }

    @Test func emptyOldTextVersusSomeNewText() {
        #expect(
            Self.diff("", "hello\nworld\n") == """
                --- a/x
                +++ b/x
                @@ -0,0 +1,2 @@
                +hello
                +world

                """)
        #expect(
            Self.diff("hello\nworld\n", "") == """
                --- a/x
                +++ b/x
                @@ -1,2 +0,0 @@
                -hello
                -world

                """)
    }

    /// Lines split on "\n" only; "\r" stays in the line (Swift treats "\r\n" as one Character).
    @Test func carriageReturnsStayInTheLine() {
        #expect(
            Self.diff("a\r\nb\r\n", "a\r\nc\r\n")
                == "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n")
    }

    /// Canonically equivalent but byte-different lines differ, as they do for `diff`.
    @Test func linesCompareByBytesNotCanonicalEquivalence() {
        let precomposed = "caf\u{E9}\n"
        let decomposed = "cafe\u{301}\n"
        #expect(precomposed == decomposed)  // Swift String equality…
        #expect(
            Self.diff(precomposed, decomposed)  // …but the diff sees different bytes.
                == "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-caf\u{E9}\n+cafe\u{301}\n")
    }

    /// A terminated line in the middle never matches the old file's unterminated last line.
    @Test func unterminatedLastLineOnlyMatchesAnUnterminatedLastLine() {
        #expect(
            Self.diff("a\nb", "a\nb\nc") == """
                --- a/x
                +++ b/x
                @@ -1,2 +1,3 @@
                 a
                -b
                \\ No newline at end of file
                +b
                +c
                \\ No newline at end of file

                """)
    }

    @Test func largeFileWithFewChanges() {
        var lines = (1...10_000).map { "row \($0) of a large file" }
        let old = Self.text(lines)
        lines[0] = "changed first"
        lines.insert("inserted in the middle", at: 5_000)
        lines.removeLast()
        let new = Self.text(lines)

        let clock = ContinuousClock()
        var rendered = ""
        let elapsed = clock.measure { rendered = Self.diff(old, new) }

        #expect(
            rendered == """
                --- a/x
                +++ b/x
                @@ -1,4 +1,4 @@
                -row 1 of a large file
                +changed first
                 row 2 of a large file
                 row 3 of a large file
                 row 4 of a large file
                @@ -4998,6 +4998,7 @@
                 row 4998 of a large file
                 row 4999 of a large file
                 row 5000 of a large file
                +inserted in the middle
                 row 5001 of a large file
                 row 5002 of a large file
                 row 5003 of a large file
                @@ -9997,4 +9998,3 @@
                 row 9997 of a large file
                 row 9998 of a large file
                 row 9999 of a large file
                -row 10000 of a large file

                """)
        // Generous so debug builds on slow machines pass; a quadratic algorithm would not.
        #expect(elapsed < .seconds(2))
    }

    // MARK: - Cross-check against GNU diff

    /// Deterministic SplitMix64, so the generated text pairs are the same on every run.
    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// An old/new pair where every line is unique within its file, so the minimal edit script is
    /// unique and GNU diff and `CollectionDifference` must agree exactly (with repeated lines, two
    /// minimal scripts can both be right and the tools may pick differently).
    private static func randomPair(_ rng: inout SplitMix64) -> (old: String, new: String) {
        let words = ["alpha", "beta", "gamma", "delta", "", "  indented", "tab\there", "ünïcödé"]
        var fresh = 0
        func freshLine(_ side: String) -> String {
            fresh += 1
            return "\(side)\(fresh) \(words[Int.random(in: 0..<words.count, using: &rng)])"
        }
        let oldLines = (0..<Int.random(in: 0...40, using: &rng)).map { _ in freshLine("o") }
        var newLines: [String] = []
        for line in oldLines {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<70: newLines.append(line)
            case 70..<80: break  // deleted
            case 80..<90: newLines.append(freshLine("n"))  // replaced
            default: newLines += [freshLine("n"), line]  // inserted before
            }
        }
        if Bool.random(using: &rng) { newLines.append(freshLine("n")) }

        func join(_ lines: [String]) -> String {
            // Non-empty texts end with a newline or not at random.
            guard !lines.isEmpty else { return "" }
            let body = lines.joined(separator: "\n")
            return Bool.random(using: &rng) ? body + "\n" : body
        }
        return (join(oldLines), join(newLines))
    }

    private static let diffPath = "/usr/bin/diff"

    /// Runs `/usr/bin/diff` and returns its standard output and exit status.
    private static func runDiff(_ arguments: [String]) throws -> (output: Data, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: diffPath)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (output, process.terminationStatus)
    }

    /// Whether `/usr/bin/diff` exists and is GNU diffutils (macOS ships a BSD diff, whose
    /// choices among equally short edit scripts and option set are not what this test pins).
    private static let gnuDiffAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: diffPath),
            let version = try? runDiff(["--version"])
        else { return false }
        return String(decoding: version.output, as: UTF8.self).contains("GNU diffutils")
    }()

    @Test(
        "Byte-for-byte equal to GNU diff -u on random text pairs",
        .enabled(if: gnuDiffAvailable, "needs GNU diff at /usr/bin/diff"))
    func matchesGNUDiff() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("UnifiedDiffTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let oldURL = directory.appendingPathComponent("old")
        let newURL = directory.appendingPathComponent("new")

        var rng = SplitMix64(state: 20_240_601)
        var nonEmptyDiffs = 0
        for iteration in 0..<40 {
            let (old, new) = Self.randomPair(&rng)
            let context = iteration % 5
            try Data(old.utf8).write(to: oldURL)
            try Data(new.utf8).write(to: newURL)

            let (output, status) = try Self.runDiff([
                "-U\(context)", "--label", "a/x", "--label", "b/x", oldURL.path, newURL.path,
            ])
            // diff exits 0 for equal files, 1 for different files, 2 on trouble.
            try #require(status == 0 || status == 1)
            #expect((status == 0) == output.isEmpty)

            let expected = String(decoding: output, as: UTF8.self)
            let rendered = Self.diff(old, new, context: context)
            // Compare bytes: `String.==` would accept canonically equivalent output.
            let identical = rendered.utf8.elementsEqual(expected.utf8)
            #expect(
                identical,
                "pair \(iteration), context \(context):\n\(rendered)-- GNU diff --\n\(expected)")
            if !expected.isEmpty { nonEmptyDiffs += 1 }
        }
        // Guard against a generator that only ever produces equal texts.
        #expect(nonEmptyDiffs > 30)
    }
}
