import Foundation

/// A Dockerfile's text and the path it was read from.
package struct DockerfileSource: Sendable, Hashable {
    /// The path as shown in messages.
    package var path: String
    package var text: String

    package init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Everything synth reads from disk: the config, the Dockerfiles and build env files it names, and the
/// user's template overrides.
package struct LoadedFactory: Sendable, Hashable {
    package var config: FactoryConfig
    /// By image name, for managed images whose bases come from their Dockerfile.
    package var dockerfiles: [String: DockerfileSource]
    /// By image name, for images with a `build.argsFile`.
    package var envFiles: [String: EnvFile]
    /// Template overrides found in the templates folder, by file name.
    package var templates: [String: TemplateSource]

    package init(
        config: FactoryConfig, dockerfiles: [String: DockerfileSource] = [:], envFiles: [String: EnvFile] = [:],
        templates: [String: TemplateSource] = [:]
    ) {
        self.config = config
        self.dockerfiles = dockerfiles
        self.envFiles = envFiles
        self.templates = templates
    }

    /// The build args of `image` in order: the env file's lines, then `build.args`; a key set twice keeps its
    /// first place and takes the later value.
    package func orderedBuildArguments(of image: ImageSpec) -> [BuildArgument] {
        var arguments: [BuildArgument] = []
        var index: [String: Int] = [:]
        let fromFile = envFiles[image.name]?.entries.map { BuildArgument($0.key, $0.value) } ?? []
        for argument in fromFile + image.build.args {
            if let position = index[argument.key] {
                arguments[position].value = argument.value
            } else {
                index[argument.key] = arguments.count
                arguments.append(argument)
            }
        }
        return arguments
    }
}

/// Phase 1, load: reads images.yaml and the Dockerfiles it names. The only phase before writing that touches the disk.
package enum ConfigLoader {
    /// Larger files are refused before parsing: no real images.yaml comes near this.
    package static let maximumConfigSize = 32 << 20
    /// Larger Dockerfiles are refused.
    static let dockerfileLimit = 4 << 20

    /// - Parameters:
    ///   - configPath: images.yaml, as the user named it (shown in messages).
    ///   - sourceRoot: where `source.dockerfile` paths are looked up; when nil, `project.sourceRoot` (relative
    ///     to the config's folder) or the config's folder.
    package static func load(configPath: String, sourceRoot: String? = nil) throws(InvalidInput) -> LoadedFactory {
        let (loaded, problems) = try loadCollecting(configPath: configPath, sourceRoot: sourceRoot)
        if !problems.isEmpty { throw InvalidInput(problems) }
        return loaded
    }

    /// Loads what can be loaded and returns the problems beside it (see ``ConfigDecoder``); throws only when
    /// the config is unusable as a whole.
    static func loadCollecting(configPath: String, sourceRoot: String? = nil) throws(InvalidInput) -> (LoadedFactory, [Diagnostic]) {
        let text = try readText(configPath, what: "config file", limit: maximumConfigSize)
        var (config, problems) = try ConfigDecoder.decodeCollecting(text, file: configPath)
        let configFolder = (configPath as NSString).deletingLastPathComponent
        let root = sourceRoot ?? config.project.sourceRoot.map { configFolder.isEmpty ? $0 : (configFolder as NSString).appendingPathComponent($0) } ?? configFolder
        var files = SourceFiles(root: root)
        var resolvedTags: [(index: Int, tags: [ImageTag])] = []
        for index in config.images.indices where config.images[index].isManaged {
            if let tags = files.resolveTags(of: config.images[index]) { resolvedTags.append((index, tags)) }
        }
        for (index, tags) in resolvedTags { config.images[index].build.tags = tags }
        let templates = loadTemplates(folder: configFolder, config: config, diagnostics: &files.diagnostics)
        files.dockerfiles.reserveCapacity(config.images.count)
        for index in config.images.indices { files.readDockerfile(of: config.images[index]) }
        return (
            LoadedFactory(config: config, dockerfiles: files.dockerfiles, envFiles: files.envFiles, templates: templates),
            problems + files.diagnostics.diagnostics
        )
    }

    /// The files images name in their source repositories, read image by image.
    private struct SourceFiles {
        /// Where the source repositories are checked out.
        let root: String
        var dockerfiles: [String: DockerfileSource] = [:]
        var envFiles: [String: EnvFile] = [:]
        var diagnostics = DiagnosticCollector()

        init(root: String) { self.root = root }

        func inSourceRoot(_ path: String) -> String {
            root.isEmpty || root == "." ? path : (root as NSString).appendingPathComponent(path)
        }

        /// Reads the image's build env file, and returns its `build.tags` with `.Env` values filled in when they differ.
        mutating func resolveTags(of image: ImageSpec) -> [ImageTag]? {
            if let argsFile = image.build.argsFile {
                let path = inSourceRoot(argsFile)
                if FileManager.default.fileExists(atPath: path) {
                    do throws(InvalidInput) {
                        envFiles[image.name] = try EnvFile.parse(try readText(path, what: "build env file", limit: 1 << 20), path: path)
                    } catch {
                        diagnostics.append(contentsOf: error.diagnostics)
                    }
                } else {
                    diagnostics.error(
                        "image '\(image.name)': build.argsFile '\(argsFile)' not found at \(path); check the source repository out under the source root (--source-root)",
                        at: image.locations["build"] ?? image.location)
                }
            }
            var tags: [ImageTag] = []
            for tag in image.build.tags {
                do throws(ImageTagError) {
                    tags.append(try tag.resolvingEnvironment(envFiles[image.name]?.values ?? [:], file: image.build.argsFile))
                } catch {
                    if image.build.argsFile == nil || envFiles[image.name] != nil {
                        diagnostics.error("image '\(image.name)': build.tags entry '\(tag.written)': \(error.reason)", at: image.locations["build"] ?? image.location)
                    }
                }
            }
            return tags == image.build.tags ? nil : tags
        }

        /// Reads the Dockerfile of an image whose bases come from it.
        mutating func readDockerfile(of image: ImageSpec) {
            guard let source = image.source, image.baseImages == nil else { return }
            let path = inSourceRoot(source.dockerfile)
            if let text = quickText(path, limit: dockerfileLimit) {
                dockerfiles[image.name] = DockerfileSource(path: path, text: text)
                return
            }
            let location = image.locations["source.dockerfile"] ?? image.locations["source"]
            guard FileManager.default.fileExists(atPath: path) else {
                diagnostics.error(
                    "image '\(image.name)': Dockerfile '\(source.dockerfile)' not found at \(path); check the source repository out under the source root (--source-root) or list the image's `baseImages:`",
                    at: location)
                return
            }
            do throws(InvalidInput) {
                dockerfiles[image.name] = DockerfileSource(path: path, text: try readText(path, what: "Dockerfile", limit: dockerfileLimit))
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
    }

    /// The `.mustache` files in the templates folder. A file that is not one of the templates synth uses is
    /// an error (a misspelt override would otherwise be ignored without a word).
    static func loadTemplates(folder: String, config: FactoryConfig, diagnostics: inout DiagnosticCollector) -> [String: TemplateSource] {
        let directory = folder.isEmpty ? config.project.templatesDirectory : (folder as NSString).appendingPathComponent(config.project.templatesDirectory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        let known = BuiltInTemplates.fileNames
        var templates: [String: TemplateSource] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard known.contains(name) else {
                var message = "\(name) is not a template synth uses (known: \(known.joined(separator: ", ")))"
                if let suggestion = Suggestion.closest(to: name, in: known) { message += "; did you mean '\(suggestion)'?" }
                diagnostics.error(message, at: InputLocation(file: path, line: 1, column: 1))
                continue
            }
            do throws(InvalidInput) {
                let text = try TemplateLineEndings.normalized(readText(path, what: "template", limit: 1 << 20), path: path)
                templates[name] = TemplateSource(path: path, text: text)
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        return templates
    }

    /// Reads a UTF-8 text file, refusing directories, oversized files and bytes that are not UTF-8.
    static func readText(_ path: String, what: String, limit: Int) throws(InvalidInput) -> String {
        if let text = quickText(path, limit: limit) { return text }
        return try readTextReportingProblems(path, what: what, limit: limit)
    }

    /// A readable regular file's text, read the quick way; nil for anything else (missing, too large, not
    /// UTF-8, …), which ``readTextReportingProblems(_:what:limit:)`` then explains. Like Foundation's UTF-8
    /// decoding, it drops a leading byte order mark.
    static func quickText(_ path: String, limit: Int) -> String? {
        guard let bytes = RegularFile.bytes(atPath: path, limit: limit) else { return nil }
        let hasByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        return String(validating: bytes.dropFirst(hasByteOrderMark ? 3 : 0), as: UTF8.self)
    }

    /// Reads a file as Foundation does, saying what is wrong with it.
    private static func readTextReportingProblems(_ path: String, what: String, limit: Int) throws(InvalidInput) -> String {
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
