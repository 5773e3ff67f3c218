import Foundation
import PropertyBased
import Testing
import TextGenerators
@testable import ImageFactoryManifests

struct KargoDurationTests {
    @Test(arguments: [
        ("7d", "168h"), ("36h", "36h"), ("90m", "1h30m"), ("1h30m", "1h30m"), ("45s", "45s"), ("2w", "336h"),
        ("1d12h", "36h"), ("0s", "0s"), ("3600s", "1h"),
    ])
    func convertsToUnitsKargoAccepts(input: String, expected: String) throws {
        #expect(try #require(Kargo.Duration(parsing: input)).description == expected)
    }

    @Test(arguments: ["", "7", "d", "7 d", "7days", "-1h", "1.5h", "h1", "99999999999h"])
    func refusesMalformedDurations(input: String) {
        #expect(Kargo.Duration(parsing: input) == nil)
    }
}

struct KargoExpressionTests {
    @Test func literalsAreJSONEncodedAndCannotCloseTheTemplate() {
        #expect(Kargo.Expression.string("main").source == #""main""#)
        #expect(Kargo.Expression.string(#"a"b\c"#).source == #""a\"b\\c""#)
        #expect(Kargo.Expression.string("}} ${{ x }}").source == #""\u007d\u007d \u0024\u007b\u007b x \u007d\u007d""#)
        #expect(Kargo.Expression.string("a/b").source == #""a/b""#)
    }

    @Test func templatesUseTheDelimiterTheSourceAllows() {
        #expect(Kargo.Expression(raw: "vars.x").templated == "${{ vars.x }}")
        let map = Kargo.Expression.map(["a": .map(["b": .string("c")])])
        #expect(map.source == #"{"a": {"b": "c"}}"#)
        #expect(map.quoted.templated == #"${% quote({"a": {"b": "c"}}) %}"#)
    }

    @Test func secretsAreReferencedNeverInlined() {
        let reference = Kubernetes.SecretKeyReference(name: "github-token", key: "token")
        #expect(Kargo.Freight.secret(reference).templated == #"${{ secret("github-token")["token"] }}"#)
    }
}

/// Whatever a string holds, it comes back unchanged through the expressions the DSL builds, and durations
/// through their text.
struct RoundTripPropertyTests {
    @Test func expressionLiteralsDecodeAsJSONToTheSameString() async {
        await propertyCheck(count: 300, input: TrickyText.awkward()) { text in
            let literal = Kargo.Expression.string(text).source
            #expect(!literal.contains("}}") && !literal.contains("${") && !literal.contains("%}"))
            let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
            #expect(decoded == text)
        }
    }

    @Test func durationsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...10_000_000)) { seconds in
            let duration = Kargo.Duration(seconds: seconds)
            #expect(Kargo.Duration(parsing: duration.description) == duration)
        }
    }
}
