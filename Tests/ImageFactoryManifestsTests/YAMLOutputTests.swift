import ImageFactoryManifests
import ImageFactoryYAML
import Testing
import YAMLTestSupport

/// DSL values write themselves as Yams writes their trees.
struct YAMLOutputTests {
    /// A value of a library user's type that gives only its tree is written from that tree.
    @Test func aValueThatOnlyGivesItsTreeIsWrittenFromIt() throws {
        struct Custom: YAMLRepresentable {
            var yaml: YAMLValue { ["steps": ["one", 2, true], "empty": [:] as YAMLValue] }
        }
        let tree = YAMLOutput.tree { output in
            output.mapping { output in
                output.set("custom", Custom())
                output.set("absent", nil as Custom?)
            }
        }
        #expect(tree == ["custom": Custom().yaml])
        let object = Kubernetes.GenericObject(
            apiVersion: "v1", kind: "ConfigMap", metadata: Kubernetes.ObjectMeta(name: "x", labels: ["b": "2", "a": "1"]),
            body: ["data": ["custom": Custom().yaml]])
        #expect(try yamlDocuments([object]) == YAMLEmitter.emitWithYams(documents: [object.yaml]))
    }
}
