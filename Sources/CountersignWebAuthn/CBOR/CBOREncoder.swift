/// Deterministic CBOR encoding (RFC 8949 section 4.2.1: shortest forms, definite lengths, map keys
/// in bytewise order of their encodings), for COSE keys and test fixtures.
public enum CBOREncoder {
    public static func encode(_ value: CBORValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, to: &output)
        return output
    }

    private static func writeHead(_ major: UInt8, _ argument: UInt64, to output: inout [UInt8]) {
        let prefix = major << 5
        switch argument {
        case 0..<24: output.append(prefix | UInt8(argument))
        case 24...0xFF: output.append(contentsOf: [prefix | 24, UInt8(argument)])
        case 0x100...0xFFFF:
            output.append(prefix | 25)
            output.append(contentsOf: (0..<2).reversed().map { UInt8(truncatingIfNeeded: argument >> (8 * $0)) })
        case 0x1_0000...0xFFFF_FFFF:
            output.append(prefix | 26)
            output.append(contentsOf: (0..<4).reversed().map { UInt8(truncatingIfNeeded: argument >> (8 * $0)) })
        default:
            output.append(prefix | 27)
            output.append(contentsOf: (0..<8).reversed().map { UInt8(truncatingIfNeeded: argument >> (8 * $0)) })
        }
    }

    private static func write(_ value: CBORValue, to output: inout [UInt8]) {
        switch value {
        case .unsigned(let number): writeHead(0, number, to: &output)
        case .negative(let number): writeHead(1, number, to: &output)
        case .bytes(let bytes):
            writeHead(2, UInt64(bytes.count), to: &output)
            output.append(contentsOf: bytes)
        case .text(let text):
            writeHead(3, UInt64(text.utf8.count), to: &output)
            output.append(contentsOf: text.utf8)
        case .array(let elements):
            writeHead(4, UInt64(elements.count), to: &output)
            for element in elements { write(element, to: &output) }
        case .map(let map):
            writeHead(5, UInt64(map.count), to: &output)
            let encoded = map.entries.map { (key: encode($0.key), value: encode($0.value)) }
            for entry in encoded.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                output.append(contentsOf: entry.key)
                output.append(contentsOf: entry.value)
            }
        case .bool(let flag): output.append(flag ? 0xF5 : 0xF4)
        case .null: output.append(0xF6)
        case .undefined: output.append(0xF7)
        }
    }
}
