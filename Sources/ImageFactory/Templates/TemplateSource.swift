/// A template file's text and the path it was read from.
public struct TemplateSource: Sendable, Hashable {
    /// The path as shown in messages.
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
