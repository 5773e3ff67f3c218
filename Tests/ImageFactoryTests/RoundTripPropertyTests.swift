import Foundation
import PropertyBased
import Testing
import TextGenerators
@testable import ImageFactory

/// Whatever a string holds, it comes back unchanged through the YAML synth writes and the expressions it builds.
struct RoundTripPropertyTests {
    @Test func expressionLiteralsDecodeAsJSONToTheSameString() async {
        await propertyCheck(count: 300, input: TrickyText.awkward()) { text in
            let literal = KargoExpression.string(text).source
            #expect(!literal.contains("}}") && !literal.contains("${") && !literal.contains("%}"))
            let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
            #expect(decoded == text)
        }
    }

    @Test func durationsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...10_000_000)) { seconds in
            let duration = KargoDuration(seconds: seconds)
            #expect(KargoDuration(parsing: duration.description) == duration)
        }
    }
}
