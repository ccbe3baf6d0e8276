import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation

/// A JSON object from the server, read strictly: each accessor names the member and the
/// response when the value is missing or of the wrong type, as `invalidResponse`.
struct ResponseObject: Sendable {
    let object: JSONObject
    /// What this object is, for error messages: "GET /api/statements/st_1" or "… votes[0]".
    let what: String

    init(_ object: JSONObject, what: String) {
        self.object = object
        self.what = what
    }

    init(parsing bytes: [UInt8], what: String) throws(CountersignClientError) {
        let value: JSONValue
        do { value = try JSONParser(limits: .init(maxBytes: CountersignClient.maxEvidenceBytes, maxDepth: 128)).parse(bytes) } catch {
            throw .invalidResponse("\(what): not JSON (\(error))")
        }
        guard let object = value.objectValue else { throw .invalidResponse("\(what): not a JSON object") }
        self.init(object, what: what)
    }

    private func invalid(_ name: String, _ expected: String) -> CountersignClientError {
        .invalidResponse("\(what): \"\(name)\" must be \(expected)")
    }

    func value(_ name: String) throws(CountersignClientError) -> JSONValue {
        guard let value = object[name] else { throw invalid(name, "present") }
        return value
    }

    func string(_ name: String) throws(CountersignClientError) -> String {
        guard let text = object[name]?.stringValue else { throw invalid(name, "a string") }
        return text
    }

    func optionalString(_ name: String) throws(CountersignClientError) -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw invalid(name, "a string or null")
        }
    }

    func integer(_ name: String) throws(CountersignClientError) -> Int64 {
        guard let number = object[name]?.integerValue else { throw invalid(name, "an integer") }
        return number
    }

    func optionalInteger(_ name: String) throws(CountersignClientError) -> Int64? {
        if object[name] == nil || object[name] == .null { return nil }
        return try integer(name)
    }

    func bool(_ name: String) throws(CountersignClientError) -> Bool {
        guard let flag = object[name]?.boolValue else { throw invalid(name, "true or false") }
        return flag
    }

    func date(_ name: String) throws(CountersignClientError) -> Date {
        guard let date = Timestamp.parse(try string(name)) else { throw invalid(name, "an RFC 3339 date-time") }
        return date
    }

    func optionalDate(_ name: String) throws(CountersignClientError) -> Date? {
        guard let text = try optionalString(name) else { return nil }
        guard let date = Timestamp.parse(text) else { throw invalid(name, "an RFC 3339 date-time or null") }
        return date
    }

    func bytes(_ name: String) throws(CountersignClientError) -> [UInt8] {
        guard let bytes = try? Base64URL.decode(try string(name)) else { throw invalid(name, "base64url") }
        return bytes
    }

    func strings(_ name: String) throws(CountersignClientError) -> [String] {
        guard let array = object[name]?.arrayValue else { throw invalid(name, "an array of strings") }
        var result: [String] = []
        for item in array {
            guard let text = item.stringValue else { throw invalid(name, "an array of strings") }
            result.append(text)
        }
        return result
    }

    func child(_ name: String) throws(CountersignClientError) -> ResponseObject {
        guard let inner = object[name]?.objectValue else { throw invalid(name, "an object") }
        return ResponseObject(inner, what: "\(what) \(name)")
    }

    func jwk(_ name: String) throws(CountersignClientError) -> JWK {
        do { return try JWK(try child(name).object) } catch let error as CountersignClientError { throw error } catch {
            throw invalid(name, "a JWK (\(error))")
        }
    }

    /// Each element of the array `name`, read by `make` from its object.
    func array<T>(_ name: String, _ make: (ResponseObject) throws(CountersignClientError) -> T) throws(CountersignClientError) -> [T] {
        guard let array = object[name]?.arrayValue else { throw invalid(name, "an array") }
        var result: [T] = []
        for (index, item) in array.enumerated() {
            guard let inner = item.objectValue else { throw invalid("\(name)[\(index)]", "an object") }
            result.append(try make(ResponseObject(inner, what: "\(what) \(name)[\(index)]")))
        }
        return result
    }
}
