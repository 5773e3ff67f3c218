/// Every text template synth renders, by the file name that overrides it in the templates folder: the workflows'
/// shell steps and the rebuild notification messages.
public enum BuiltInTemplates {
    public static let all: [(fileName: String, text: String)] =
        BuildScript.allCases.map { ($0.fileName, $0.builtInTemplate) } + NotificationMessage.allCases.map { ($0.fileName, $0.builtInTemplate) }

    public static var fileNames: [String] { all.map(\.fileName) }
}
