import ImageFactoryYAML

extension Kargo {
    /// Config of Kargo's built-in `http` step.
    ///
    /// The three criteria are raw expr-lang strings, evaluated after the response arrives (never `${{ }}`). With
    /// `successExpression` set, also set `failureExpression`: any response matching neither keeps the step
    /// Running and the request is sent again every poll interval until `retry.timeout`.
    public struct HTTPStepConfig: Sendable, Hashable, YAMLRepresentable {
        public enum Method: String, Sendable { case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", head = "HEAD" }

        public var method: Method
        public var url: String
        public var headers: [HTTPHeader]
        public var body: String?
        public var timeout: Duration?
        /// How long to wait before sending again while the step is Running (Kargo's floor is 10s).
        public var pollInterval: Duration?
        public var successExpression: String?
        public var failureExpression: String?
        public var errorExpression: String?

        public init(
            method: Method, url: String, headers: KeyValuePairs<String, String> = [:], body: String? = nil, timeout: Duration? = nil,
            pollInterval: Duration? = nil, successExpression: String? = nil, failureExpression: String? = nil, errorExpression: String? = nil
        ) {
            self.method = method
            self.url = url
            self.headers = headers.map { HTTPHeader(name: $0.key, value: $0.value) }
            self.body = body
            self.timeout = timeout
            self.pollInterval = pollInterval
            self.successExpression = successExpression
            self.failureExpression = failureExpression
            self.errorExpression = errorExpression
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("method", method.rawValue)
                output.set("url", url)
                output.set("headers", nonEmpty: headers)
                output.set("body", body)
                output.set("timeout", timeout?.description)
                output.set("pollInterval", pollInterval?.description)
                output.set("successExpression", successExpression)
                output.set("failureExpression", failureExpression)
                output.set("errorExpression", errorExpression)
            }
        }
    }
}

extension Kargo {
    /// One request header of the `http` step.
    public struct HTTPHeader: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("value", value)
            }
        }
    }
}
