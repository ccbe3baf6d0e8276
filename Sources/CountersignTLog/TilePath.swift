/// A resource of the tlog-tiles API: a hash tile `tile/<L>/<N>[.p/<W>]` or an entry bundle
/// `tile/entries/<N>[.p/<W>]`, with N written as zero-padded three-digit elements, all but the
/// last prefixed with "x" (1234067 is x001/x234/067).
public struct TilePath: Sendable, Hashable, CustomStringConvertible {
    /// The tile level, or nil for an entry bundle.
    public let level: Int?
    public let index: Int64
    /// 1 to 256; 256 is a full tile (no `.p/` suffix).
    public let width: Int

    public init(level: Int?, index: Int64, width: Int) {
        self.level = level
        self.index = index
        self.width = width
    }

    public var isFull: Bool { Int64(width) == TileGeometry.width }

    /// The path below the log's prefix, starting with "tile/".
    public var description: String {
        var path = "tile/" + (level.map(String.init) ?? "entries") + "/" + Self.encode(index)
        if !isFull { path += ".p/\(width)" }
        return path
    }

    /// The index as path elements: "x001/x234/067".
    public static func encode(_ index: Int64) -> String {
        var groups: [Int64] = []
        var rest = index
        repeat {
            groups.insert(rest % 1000, at: 0)
            rest /= 1000
        } while rest > 0
        return groups.enumerated().map { offset, group in
            let digits = String(group)
            let padded = String(repeating: "0", count: 3 - digits.count) + digits
            return offset == groups.count - 1 ? padded : "x" + padded
        }.joined(separator: "/")
    }

    /// Parses the path elements after "tile/" strictly: nil for anything the specification would
    /// not produce (leading zeros in L or W, a width of 0 or 256 after ".p", a malformed index).
    public init?(elements: [Substring]) {
        guard elements.count >= 2 else { return nil }
        var rest = elements[...]
        let first = rest.removeFirst()
        if first == "entries" {
            level = nil
        } else {
            guard let value = Self.decimal(first), value <= 63 else { return nil }
            level = Int(value)
        }
        // ".p/<W>": the last index element ends in ".p" and W follows.
        var width = Int(TileGeometry.width)
        var indexElements = Array(rest)
        if indexElements.count >= 2, indexElements[indexElements.count - 2].hasSuffix(".p") {
            guard let w = Self.decimal(indexElements[indexElements.count - 1]), w >= 1, w <= 255 else { return nil }
            width = Int(w)
            indexElements.removeLast()
            indexElements[indexElements.count - 1] = indexElements[indexElements.count - 1].dropLast(2)
        }
        guard !indexElements.isEmpty, indexElements.count <= 7 else { return nil }
        var index: Int64 = 0
        for (offset, element) in indexElements.enumerated() {
            var digits = element
            if offset < indexElements.count - 1 {
                guard digits.first == "x" else { return nil }
                digits = digits.dropFirst()
            }
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let group = Int64(digits) else { return nil }
            let (scaled, overflow) = index.multipliedReportingOverflow(by: 1000)
            guard !overflow else { return nil }
            index = scaled + group
        }
        self.index = index
        self.width = width
        guard Self.encode(index) == indexElements.joined(separator: "/") else { return nil }
    }

    /// A decimal without leading zeros (except "0").
    private static func decimal(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }),
            text == "0" || text.first != "0"
        else { return nil }
        return Int64(text)
    }
}
