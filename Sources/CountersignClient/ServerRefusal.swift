import CountersignJSON

/// Turns an error answer into `CountersignClientError.http`, reading the API's
/// `{"error":{"code","message"}}` when the body has that shape.
enum ServerRefusal {
    static func error(status: Int, body: [UInt8]) -> CountersignClientError {
        let error = (try? JSONParser().parse(body))?.objectValue?["error"]?.objectValue
        if let code = error?["code"]?.stringValue, let message = error?["message"]?.stringValue {
            return .http(status: status, code: code, message: message)
        }
        return .http(status: status, code: "http_\(status)", message: "HTTP \(status) without an error body")
    }
}
