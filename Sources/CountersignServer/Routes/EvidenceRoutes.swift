import Countersign
import CountersignJOSE
import CountersignStore
import Foundation
import Hummingbird

/// GET /api/statements/{id}/evidence: the bundle of DESIGN.md 4.6 with a fresh receipt.
struct EvidenceRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/statements/:id/evidence") { request, context in
            _ = try await members.member(of: request, context: context)
            return Response.json(try await bundle(try StatementRoutes.id(context)).jsonValue)
        }
    }

    func bundle(_ id: StatementID) async throws -> EvidenceBundle {
        let snapshot = try await StatementService(environment: environment).snapshot(id)
        let kids = Set(snapshot.votes.map(\.kid))
        let (keys, auditSeq) = try await environment.store.read { reader -> ([KeyRecord], Int64) in
            var keys: [KeyRecord] = []
            for kid in kids.sorted() {
                if let key = try await reader.key(kid: kid) { keys.append(key) }
            }
            return (keys, try await reader.lastAuditEvent()?.seq ?? 0)
        }
        let votes = try snapshot.votes.map(StatementRecords.verifiedVote)
        let record = snapshot.record
        let receipt = try Receipt(
            statement: id.rawValue, digest: record.digest, state: record.status.state.rawValue, decidedAt: record.status.decidedAt,
            approvals: EvidenceBundle.countedApprovals(votes, evaluation: snapshot.evaluation), auditSeq: auditSeq
        ).signed(with: environment.secrets.serverKey)
        return EvidenceBundle.build(
            statement: snapshot.statement, votes: votes, members: snapshot.members.map(\.member),
            keys: try keys.map(StatementRecords.evidenceKey), evaluation: snapshot.evaluation, receipt: receipt,
            serverKey: environment.secrets.serverKey.publicKey)
    }
}
