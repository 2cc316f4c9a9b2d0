using System.Net;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// A parsed PROXY protocol header: its length on the wire and the client's address, or null for a header that names
/// none (v1 <c>UNKNOWN</c>, v2 <c>LOCAL</c> or an address family other than TCP over IPv4/IPv6), after which the
/// connection keeps its TCP peer's address.
/// </summary>
internal readonly record struct ProxyProtocolHeader(int Length, IPEndPoint? Source);
