import Foundation
import NIOCore
import NIOPosix

/// One keep-alive HTTP/1.1 connection that writes pre-serialised requests and reads each answer's
/// status and body (docs/PERFORMANCE.md, "The load generator").
///
/// The generator must cost little next to the server it measures: a request is bytes prepared
/// before the timed phase, written as they are; an answer is read only as far as HTTP/1.1 needs
/// to find its end (the status line and Content-Length). No header is parsed into a structure,
/// no pool is consulted, no task is spawned per request.
struct RawHTTPConnection {
    /// A request ready for the wire: request line, headers and body.
    typealias Request = ByteBuffer

    /// An answer: its status and, for statuses other than 201 (what went wrong), its body.
    struct Answer {
        var status: Int
        var body: String
    }

    enum Failure: Error, CustomStringConvertible {
        case closed
        case malformed(String)

        var description: String {
            switch self {
            case .closed: "the server closed the connection"
            case .malformed(let what): "the answer is not HTTP/1.1 as expected: \(what)"
            }
        }
    }

    /// Opens a connection to `host:port` and runs `body` with it; closes it afterwards.
    static func with<T: Sendable>(
        host: String, port: Int, _ body: (inout Session) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&session)
        }
    }

    /// The open connection: one request at a time, each answered before the next is written.
    struct Session {
        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        /// Bytes read past the previous answer (none, for a server that waits for the request).
        var pending = ByteBuffer()

        mutating func send(_ request: Request) async throws -> Answer {
            try await outbound.write(request)
            // The head: up to the blank line.
            var headEnd: Int?
            while headEnd == nil {
                headEnd = Self.endOfHead(in: pending)
                if headEnd == nil { try await readMore() }
            }
            guard let headEnd, let head = pending.readString(length: headEnd) else { throw Failure.malformed("no head") }
            let (status, length) = try Self.parse(head)
            while pending.readableBytes < length { try await readMore() }
            let body = status == 201 ? "" : (pending.getString(at: pending.readerIndex, length: length) ?? "")
            pending.moveReaderIndex(forwardBy: length)
            pending.discardReadBytes()
            return Answer(status: status, body: body)
        }

        private mutating func readMore() async throws {
            guard var more = try await inbound.next() else { throw Failure.closed }
            pending.writeBuffer(&more)
        }

        /// The length of the head, blank line included, once the buffer holds all of it.
        static func endOfHead(in buffer: ByteBuffer) -> Int? {
            buffer.withUnsafeReadableBytes { bytes -> Int? in
                guard bytes.count >= 4 else { return nil }
                for index in 3..<bytes.count
                where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
                    return index + 1
                }
                return nil
            }
        }

        /// The status and the Content-Length of an answer's head; a chunked answer is refused.
        static func parse(_ head: String) throws -> (status: Int, length: Int) {
            let lines = head.split(separator: "\r\n")
            guard let first = lines.first, first.hasPrefix("HTTP/1.1 "), let status = Int(first.dropFirst(9).prefix(3)) else {
                throw Failure.malformed(String(head.prefix(80)))
            }
            for line in lines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { continue }
                guard let length = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { throw Failure.malformed(String(line)) }
                return (status, length)
            }
            throw Failure.malformed("no Content-Length in \(String(head.prefix(200)))")
        }
    }
}
