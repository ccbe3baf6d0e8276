/// Why the scale tool stopped.
enum ScaleError: Error, CustomStringConvertible {
    case usage(String)
    case badFile(String, String)
    case notEmpty(String)
    case failed(String)

    var description: String {
        switch self {
        case .usage(let text): "usage: \(text)"
        case .badFile(let name, let reason): "\(name): \(reason)"
        case .notEmpty(let reason): "the store is not empty: \(reason); seed into a new data directory or database"
        case .failed(let reason): reason
        }
    }
}
