using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>A GRPCRoute's Exact service and method names: the whole value is a name, a trailing line break included.</summary>
public sealed class GrpcNamesTests
{
    [Theory]
    [InlineData("payments.v1.Payments")]
    [InlineData(".grpc.health.v1.Health")]
    public void CheckService_ProtobufName_Accepted(string service)
    {
        Assert.Null(GrpcNames.CheckService(service));
    }

    [Theory]
    [InlineData("payments.v1.Payments\n")]
    [InlineData("payments..Payments")]
    [InlineData("payments/Payments")]
    public void CheckService_NotAName_Refused(string service)
    {
        Assert.Contains("is not a valid", GrpcNames.CheckService(service), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Charge\n")]
    [InlineData("1Charge")]
    public void CheckMethod_NotAName_Refused(string method)
    {
        Assert.Contains("is not a valid method name", GrpcNames.CheckMethod(method), StringComparison.Ordinal);
    }
}
