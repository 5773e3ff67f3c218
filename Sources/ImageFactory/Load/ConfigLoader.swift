import Foundation

/// A Dockerfile's text and the path it was read from.
public struct DockerfileSource: Sendable, Hashable {
    /// The path as shown in messages.
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Everything synth reads from disk: the config and the Dockerfiles it names.
public struct LoadedFactory: Sendable, Hashable {
    public var config: FactoryConfig
    /// By image name, for managed images whose bases come from their Dockerfile.
    public var dockerfiles: [String: DockerfileSource]

    public init(config: FactoryConfig, dockerfiles: [String: DockerfileSource] = [:]) {
        self.config = config
        self.dockerfiles = dockerfiles
    }
}

/// Stage 1: reads images.yaml and the Dockerfiles it names. The only stage before writing that touches the disk.
public enum ConfigLoader {
    /// Larger files are refused before parsing: no real images.yaml comes near this.
    public static let maximumConfigSize = 32 << 20

    /// - Parameters:
    ///   - configPath: images.yaml, as the user named it (shown in messages).
    ///   - sourceRoot: where `source.dockerfile` paths are looked up; when nil, `project.sourceRoot` (relative
    ///     to the config's folder) or the config's folder.
    public static func load(configPath: String, sourceRoot: String? = nil) throws(InvalidInput) -> LoadedFactory {
        let (loaded, problems) = try loadCollecting(configPath: configPath, sourceRoot: sourceRoot)
        if !problems.isEmpty { throw InvalidInput(problems) }
        return loaded
    }

    /// Loads what can be loaded and returns the problems beside it (see ``ConfigDecoder``); throws only when
    /// the config is unusable as a whole.
    static func loadCollecting(configPath: String, sourceRoot: String? = nil) throws(InvalidInput) -> (LoadedFactory, [Diagnostic]) {
        let text = try readText(configPath, what: "config file", limit: maximumConfigSize)
        let (config, problems) = try ConfigDecoder.decodeCollecting(text, file: configPath)
        let configFolder = (configPath as NSString).deletingLastPathComponent
        let root = sourceRoot ?? config.project.sourceRoot.map { configFolder.isEmpty ? $0 : (configFolder as NSString).appendingPathComponent($0) } ?? configFolder
        var diagnostics = DiagnosticCollector()
        var dockerfiles: [String: DockerfileSource] = [:]
        for image in config.images {
            guard let source = image.source, image.baseImages == nil else { continue }
            let path = root.isEmpty || root == "." ? source.dockerfile : (root as NSString).appendingPathComponent(source.dockerfile)
            let location = image.locations["source.dockerfile"] ?? image.locations["source"]
            guard FileManager.default.fileExists(atPath: path) else {
                diagnostics.error(
                    "image '\(image.name)': Dockerfile '\(source.dockerfile)' not found at \(path); check the source repository out under the source root (--source-root) or list the image's `baseImages:`",
                    at: location)
                continue
            }
            do throws(InvalidInput) {
                dockerfiles[image.name] = DockerfileSource(path: path, text: try readText(path, what: "Dockerfile", limit: 4 << 20))
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        return (LoadedFactory(config: config, dockerfiles: dockerfiles), problems + diagnostics.diagnostics)
    }

    /// Reads a UTF-8 text file, refusing directories, oversized files and bytes that are not UTF-8.
    static func readText(_ path: String, what: String, limit: Int) throws(InvalidInput) -> String {
        let start = InputLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InvalidInput([Diagnostic("\(what) not found", at: start)])
        }
        guard !isDirectory.boolValue else { throw InvalidInput([Diagnostic("\(what) is a directory, not a file", at: start)]) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InvalidInput([Diagnostic("\(what) cannot be read (permissions?)", at: start)])
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw InvalidInput([Diagnostic("\(what) cannot be read: \(error.localizedDescription)", at: start)])
        }
        guard data.count <= limit else {
            throw InvalidInput([Diagnostic("\(what) is larger than \(limit >> 20) MiB; refusing to read it", at: start)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InvalidInput([Diagnostic("\(what) is not UTF-8 text", at: invalidUTF8Location(data, file: path))])
        }
        return text
    }

    /// Where the first byte that is not UTF-8 is, as line and column.
    static func invalidUTF8Location(_ data: Data, file: String) -> InputLocation {
        var line = 1
        var lineStart = 0
        var index = 0
        let bytes = [UInt8](data)
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7f: length = 1
            case 0xc2...0xdf: length = 2
            case 0xe0...0xef: length = 3
            case 0xf0...0xf4: length = 4
            default: length = 0
            }
            let valid = length > 0 && index + length <= bytes.count
                && String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            if !valid {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                return InputLocation(file: file, line: line, column: column)
            }
            if byte == 0x0a {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return InputLocation(file: file, line: line, column: 1)
    }
}
