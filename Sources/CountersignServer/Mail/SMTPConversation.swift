import NIOCore
import Synchronization

/// The inbound side of an SMTP connection: bytes as they arrive, handed to the conversation as
/// an async stream, and the first error the pipeline saw (a TLS failure, a reset).
final class SMTPInbound: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let stream: AsyncStream<ByteBuffer>
    private let continuation: AsyncStream<ByteBuffer>.Continuation
    private let firstError = Mutex<SMTPPipelineFailure?>(nil)
    private let received = Mutex(0)

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
    }

    var failure: SMTPPipelineFailure? { firstError.withLock { $0 } }

    /// Bytes handed to the stream so far (read on the event loop, it counts what came before a
    /// handler added there).
    var receivedBytes: Int { received.withLock { $0 } }

    /// What the connection's end at `step` means: a TLS failure when the pipeline saw one.
    func closedError(at step: String, fallback: String? = nil) -> SMTPError {
        switch failure {
        case .tls(let reason): .tls(step: step, reason: reason)
        case .other(let reason): .closed(step: step, reason: reason)
        case nil: .closed(step: step, reason: fallback)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Self.unwrapInboundIn(data)
        received.withLock { $0 += bytes.readableBytes }
        continuation.yield(bytes)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        firstError.withLock { $0 = $0 ?? SMTPPipelineFailure(error) }
        continuation.finish()
        context.close(promise: nil)
    }
}

/// Whether a step's timeout ran out (and closed the connection).
final class StepExpiry: Sendable {
    let fired = Mutex(false)
    var hasFired: Bool { fired.withLock { $0 } }
}

/// One SMTP reply: its code and its lines' texts.
struct SMTPReply: Sendable {
    let code: Int
    let lines: [String]

    var text: String { lines.joined(separator: " ") }
}

/// Reading replies and writing commands on one connection, each step bounded by a timeout that
/// closes the connection when it runs out. Reply lines are bounded in length and number.
struct SMTPConversation {
    static let maxLineBytes = 2048
    static let maxLines = 100

    let channel: any Channel
    let inbound: SMTPInbound
    let timeout: TimeAmount
    private var iterator: AsyncStream<ByteBuffer>.AsyncIterator
    private var buffer: [UInt8] = []
    /// Bytes taken from the inbound stream so far.
    private(set) var takenBytes = 0

    /// Bytes received but not yet read as a reply: after STARTTLS's 220 there must be none
    /// (RFC 3207 section 4.2; anything there was sent in the clear, by the server or by someone
    /// in between, and must not be read as an answer given under TLS).
    func unreadBytes(received: Int) -> Int { buffer.count + received - takenBytes }

    init(channel: any Channel, inbound: SMTPInbound, timeout: TimeAmount) {
        self.channel = channel
        self.inbound = inbound
        self.timeout = timeout
        iterator = inbound.stream.makeAsyncIterator()
    }

    /// Sends `command` (CRLF added) and reads the reply; throws `refused` unless its code is one
    /// of `expected`. `shown` names the step in errors and logs (never the command's arguments
    /// for AUTH).
    @discardableResult
    mutating func command(_ command: String, expect expected: Set<Int>, step shown: String) async throws(SMTPError) -> SMTPReply {
        try await write(Array((command + "\r\n").utf8), step: shown)
        return try await reply(expect: expected, step: shown)
    }

    /// Writes `bytes` within the timeout (a server that stops reading cannot hold the sender).
    mutating func write(_ bytes: [UInt8], step: String) async throws(SMTPError) {
        let (expired, timer) = closeOnTimeout()
        defer { timer.cancel() }
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        } catch {
            if expired.hasFired { throw .timedOut(step: step) }
            throw inbound.closedError(at: step, fallback: "\(error)")
        }
    }

    /// Closes the connection when the step's timeout runs out; the flag says it did.
    private func closeOnTimeout() -> (StepExpiry, Scheduled<Void>) {
        let expired = StepExpiry()
        let channel = channel
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            expired.fired.withLock { $0 = true }
            channel.close(promise: nil)
        }
        return (expired, timer)
    }

    /// Reads one (possibly multi-line) reply within the timeout.
    @discardableResult
    mutating func reply(expect expected: Set<Int>, step: String) async throws(SMTPError) -> SMTPReply {
        let (expired, timer) = closeOnTimeout()
        defer { timer.cancel() }
        var code = 0
        var lines: [String] = []
        while true {
            let line: [UInt8]
            do {
                line = try await nextLine(step: step)
            } catch {
                if expired.hasFired { throw .timedOut(step: step) }
                throw error
            }
            guard line.count >= 3, line.prefix(3).allSatisfy({ (0x30...0x39).contains($0) }),
                line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-")
            else { throw .malformedReply(step: step) }
            let lineCode = Int(String(decoding: line.prefix(3), as: UTF8.self)) ?? 0
            guard lines.isEmpty || lineCode == code else { throw .malformedReply(step: step) }
            code = lineCode
            lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
            guard lines.count <= Self.maxLines else { throw .replyTooLong(step: step) }
            if line.count == 3 || line[3] == UInt8(ascii: " ") { break }
        }
        guard expected.contains(code) else { throw .refused(step: step, code: code, text: lines.joined(separator: " ")) }
        return SMTPReply(code: code, lines: lines)
    }

    private mutating func nextLine(step: String) async throws(SMTPError) -> [UInt8] {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                guard line.count <= Self.maxLineBytes else { throw .replyTooLong(step: step) }
                return line
            }
            guard buffer.count <= Self.maxLineBytes else { throw .replyTooLong(step: step) }
            guard var chunk = await iterator.next() else { throw inbound.closedError(at: step) }
            takenBytes += chunk.readableBytes
            buffer += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
    }
}
