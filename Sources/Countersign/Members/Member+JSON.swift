import CountersignJSON

extension Member {
    /// The member as `{"id","name","roles"}` (docs/formats.md), roles sorted.
    public var jsonValue: JSONValue {
        .object(["id": .string(id.rawValue), "name": .string(name), "roles": .array(roles.sorted().map { .string($0.rawValue) })])
    }

    /// Parses a member list: a JSON array of `{"id","name","roles"}` objects (`roles` may be left
    /// out), or an object whose `"members"` member is such an array, as in an evidence bundle.
    /// Unknown member fields and duplicate ids are refused.
    public static func list(json bytes: some Collection<UInt8>) throws(MemberError) -> [Member] {
        let value: JSONValue
        do { value = try JSONParser().parse(bytes) } catch { throw .notJSON(error) }
        guard let elements = value.arrayValue ?? value.objectValue?["members"]?.arrayValue else { throw .notAList }
        var members: [Member] = []
        var seen: Set<MemberID> = []
        for (index, element) in elements.enumerated() {
            let member = try Member(json: element, index: index)
            guard seen.insert(member.id).inserted else { throw .duplicateMember(index: index, member.id) }
            members.append(member)
        }
        return members
    }

    init(json value: JSONValue, index: Int) throws(MemberError) {
        guard let object = value.objectValue else { throw .notAnObject(index: index) }
        for name in object.keys where !["id", "name", "roles"].contains(name) { throw .unknownField(index: index, name: name) }
        guard let idValue = object["id"] else { throw .missingField(index: index, name: "id") }
        guard let idText = idValue.stringValue else { throw .wrongType(index: index, field: "id", expected: "a member id (mem_…)") }
        guard let nameValue = object["name"] else { throw .missingField(index: index, name: "name") }
        guard let name = nameValue.stringValue else { throw .wrongType(index: index, field: "name", expected: "a string") }
        var roles: Set<Role> = []
        if let rolesValue = object["roles"] {
            guard let roleValues = rolesValue.arrayValue else {
                throw .wrongType(index: index, field: "roles", expected: "an array of role names")
            }
            for roleValue in roleValues {
                guard let text = roleValue.stringValue else {
                    throw .wrongType(index: index, field: "roles", expected: "an array of role names")
                }
                do { roles.insert(try Role(text)) } catch { throw .invalidIdentifier(index: index, error) }
            }
        }
        let id: MemberID
        do { id = try MemberID(idText) } catch { throw .invalidIdentifier(index: index, error) }
        self.init(id: id, name: name, roles: roles)
    }
}
