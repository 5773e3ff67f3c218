/// A template file's text and the path it was read from.
package struct TemplateSource: Sendable, Hashable {
    /// The path as shown in messages.
    package var path: String
    package var text: String

    package init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
