namespace GitGateway.Conformance.Tests.Setup;

/// <summary>One port of a Service: the port routes name, and the container port it forwards to.</summary>
internal sealed record ServicePortSpec(int Port, int TargetPort);
