/// A template synth ships in `Templates/BuiltIn/`, compiled into the binary: the file that overrides it in the
/// templates folder, and its text.
protocol BuiltInTemplate: CaseIterable, Hashable {
    var fileName: String { get }
    var builtInTemplate: String { get }
}

extension BuildScript: BuiltInTemplate {}
extension NotificationMessage: BuiltInTemplate {}

/// Every text template synth renders, by the file name that overrides it in the templates folder: the workflows'
/// shell steps and the rebuild notification messages, in the order `init --templates` writes them.
package enum BuiltInTemplates {
    package static var all: [(fileName: String, text: String)] {
        BuildScript.allCases.map { ($0.fileName, $0.builtInTemplate) } + NotificationMessage.allCases.map { ($0.fileName, $0.builtInTemplate) }
    }

    package static var fileNames: [String] { BuildScript.allCases.map(\.fileName) + NotificationMessage.allCases.map(\.fileName) }
}
