// CountersignHTTPSignatures
