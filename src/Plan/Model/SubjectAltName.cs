namespace GitGateway.Plan.Model;

/// <summary>A subject alternative name a backend's certificate must carry (BackendTLSPolicy subjectAltNames).</summary>
/// <param name="Type"><c>Hostname</c> (a DNS name, <c>*.</c> allowed) or <c>URI</c> (e.g. a SPIFFE id).</param>
/// <param name="Value">The name.</param>
public sealed record SubjectAltName(string Type, string Value);
