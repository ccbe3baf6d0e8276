import NIOCore

/// One keep-alive HTTP/1.1 connection of the timed phase, driven entirely on its event loop
/// (docs/PERFORMANCE.md, "The load generator").
///
/// The generator must cost little next to the server it measures, so nothing here leaves the
/// event loop: a request is bytes prepared before the timed phase and written as they are; an
/// answer is read only as far as HTTP/1.1 needs to find its end (`AnswerHead`); the next request
/// is written from the read that completed the previous one. No task, continuation or async
/// sequence is involved per request, so an approval costs the generator one write and one read
/// on its socket and no thread wake-up beyond the event loop's own.
final class LoadConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let plan: LoadPlan
    private let finished: EventLoopPromise<RunResult>
    private var context: ChannelHandlerContext?
    private var result = RunResult()
    /// Bytes of the answer being read.
    private var pending = ByteBuffer()
    /// When the timed phase ends for this connection.
    private var deadline = NIODeadline.distantFuture
    /// When the request in flight was written (closed loop) or due (open loop); nil: none.
    private var measuredFrom: NIODeadline?
    private var done = false

    init(plan: LoadPlan, finished: EventLoopPromise<RunResult>) {
        self.plan = plan
        self.finished = finished
        result.latencies.reserveCapacity(plan.requests.count / max(plan.clients, 1) + 1)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        pending = context.channel.allocator.buffer(capacity: 4096)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(failure: "the connection's handler was removed")
        self.context = nil
    }

    /// Starts sending: called on the event loop once every connection of the run is open.
    func begin(at start: NIODeadline) {
        deadline = start + plan.duration
        sendNext()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        guard let from = measuredFrom else {
            finish(failure: "the server sent bytes nobody asked for")
            return
        }
        let head: AnswerHead?
        do {
            head = try pending.withUnsafeReadableBytes { bytes throws(AnswerHead.Malformed) in try AnswerHead.parse(bytes) }
        } catch {
            finish(failure: "\(error)")
            return
        }
        guard let head, pending.readableBytes >= head.length + head.contentLength else { return }
        let latency = NIODeadline.now() - from
        result.latencies.append(Double(latency.nanoseconds) / 1000)
        result.statuses[head.status, default: 0] += 1
        if head.status != 201, result.samples[head.status] == nil {
            result.samples[head.status] = pending.getString(at: pending.readerIndex + head.length, length: min(head.contentLength, 300)) ?? ""
        }
        pending.moveReaderIndex(forwardBy: head.length + head.contentLength)
        pending.discardReadBytes()
        measuredFrom = nil
        sendNext()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(failure: "the server closed the connection")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(failure: "\(error)")
    }

    /// Claims the next approval and writes it: now (closed loop) or when it is due (open loop).
    private func sendNext() {
        guard !done, let context else { return }
        let now = NIODeadline.now()
        guard now < deadline, let index = plan.claim() else {
            finish(failure: nil)
            return
        }
        guard let rate = plan.rate else {
            write(index, measuredFrom: now)
            return
        }
        // Open loop: approval `index` is due at start + index / rate, answered or not; its latency
        // counts from then, so time spent waiting for this connection counts too.
        let due = deadline - plan.duration + .nanoseconds(Int64(Double(index) / rate * 1e9))
        guard due <= deadline else {
            finish(failure: nil)
            return
        }
        if due <= now {
            write(index, measuredFrom: due)
        } else {
            context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { self.write(index, measuredFrom: due) }
        }
    }

    private func write(_ index: Int, measuredFrom from: NIODeadline) {
        guard !done, let context else { return }
        measuredFrom = from
        context.writeAndFlush(wrapOutboundOut(plan.requests[index]), promise: nil)
    }

    /// Ends this connection's part of the run; a failure while a request is in flight counts it as
    /// unanswered (status 0), with the reason as its sample.
    private func finish(failure: String?) {
        guard !done else { return }
        done = true
        if let failure, let from = measuredFrom {
            result.latencies.append(Double((NIODeadline.now() - from).nanoseconds) / 1000)
            result.statuses[0, default: 0] += 1
            if result.samples[0] == nil { result.samples[0] = failure }
        }
        measuredFrom = nil
        finished.succeed(result)
        context?.close(promise: nil)
    }
}
