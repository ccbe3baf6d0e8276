import CountersignJSON
import Foundation

/// Delayed dangerous operations: scheduling (admin credentials), listing and withdrawing them;
/// and, with member credentials, the pending ones that affect the caller.
extension CountersignClient {
    /// Operations newest first, optionally only those in `state` (admin).
    public func operations(state: String? = nil) async throws(CountersignClientError) -> [ScheduledOperation] {
        try await object(.GET, "/api/admin/operations" + QueryString([("state", state)]).text).array("operations", ScheduledOperation.init)
    }

    /// One operation (admin).
    public func operation(_ id: String) async throws(CountersignClientError) -> ScheduledOperation {
        try ScheduledOperation(try await object(.GET, "/api/admin/operations/\(try PathSegment(id).text)"))
    }

    /// Withdraws a pending operation (admin).
    public func cancelOperation(_ id: String) async throws(CountersignClientError) -> ScheduledOperation {
        try ScheduledOperation(try await object(.POST, "/api/admin/operations/\(try PathSegment(id).text)/cancel"))
    }

    /// Schedules the deletion (revocation) of a signing key (admin).
    public func deleteKey(_ kid: String) async throws(CountersignClientError) -> ScheduledOperation {
        try await scheduled("/api/admin/keys/\(try PathSegment(kid).text)/delete")
    }

    /// Schedules the deletion of a passkey by its base64url credential id (admin).
    public func deletePasskey(_ id: String) async throws(CountersignClientError) -> ScheduledOperation {
        try await scheduled("/api/admin/passkeys/\(try PathSegment(id).text)/delete")
    }

    /// Schedules the removal of a member (admin).
    public func removeMember(_ id: String) async throws(CountersignClientError) -> ScheduledOperation {
        try await scheduled("/api/admin/members/\(try PathSegment(id).text)/remove")
    }

    /// Schedules the replacement of the member's roles (admin).
    public func setRoles(of id: String, to roles: [String]) async throws(CountersignClientError) -> ScheduledOperation {
        let body: JSONObject = ["roles": .array(roles.map { .string($0) })]
        return try ScheduledOperation(
            try await object(.POST, "/api/admin/members/\(try PathSegment(id).text)/roles", body: .object(body), expected: [202]))
    }

    /// Starts account recovery for a member who lost their passkeys (admin).
    public func recoverMember(_ id: String) async throws(CountersignClientError) -> StartedRecovery {
        try StartedRecovery(try await object(.POST, "/api/admin/members/\(try PathSegment(id).text)/recover", expected: [202]))
    }

    /// The pending operations that affect the calling member (member credentials).
    public func myOperations() async throws(CountersignClientError) -> [ScheduledOperation] {
        try await object(.GET, "/api/operations").array("operations", ScheduledOperation.init)
    }

    private func scheduled(_ path: String) async throws(CountersignClientError) -> ScheduledOperation {
        try ScheduledOperation(try await object(.POST, path, expected: [202]))
    }
}
