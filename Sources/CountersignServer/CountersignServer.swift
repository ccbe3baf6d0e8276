// CountersignServer
