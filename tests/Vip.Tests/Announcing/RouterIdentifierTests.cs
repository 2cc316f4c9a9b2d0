using System.CommandLine;
using System.Net;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// <c>--router-id auto</c>: a four-byte BGP identifier for a node that has no IPv4 address, derived from its name,
/// the same on every start and never 0.0.0.0.
/// </summary>
public sealed class RouterIdentifierTests
{
    [Theory]
    [InlineData("edge-1", "223.89.77.113")] // SHA-256("edge-1") begins df 59 4d 71: pinned, a change would move every node's identifier
    [InlineData("edge-2", "165.218.247.83")]
    [InlineData("ip-10-0-0-1.ec2.internal", "248.216.2.40")]
    public void FromNodeName_KnownNames_TheFirstFourBytesOfTheirSha256(string node, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), RouterIdentifier.FromNodeName(node));

    [Fact]
    public void FromNodeName_ManyNames_NeverZero_AndDistinct()
    {
        var ids = Enumerable.Range(0, 2000).Select(i => RouterIdentifier.FromNodeName($"node-{i}")).ToList();

        Assert.DoesNotContain(IPAddress.Any, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, id.AddressFamily));
    }

    [Fact]
    public void RouterIdOption_Auto_DerivesFromTheNodeName_SameOnEveryParse()
    {
        var first = Read("edge-1", "--router-id", "auto");
        var again = Read("edge-1", "--router-id", "auto");
        var other = Read("edge-2", "--router-id", "auto");

        Assert.Equal(IPAddress.Parse("223.89.77.113"), first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void RouterIdOption_Address_IsTakenAsGiven_AndAbsentIsThePlans() =>
        Assert.Equal((IPAddress.Parse("10.0.0.7"), (IPAddress?)null), (Read("edge-1", "--router-id", "10.0.0.7"), Read("edge-1")));

    private static IPAddress? Read(string node, params string[] args)
    {
        var arguments = new AnnouncerArguments();
        var command = new RootCommand();
        foreach (var option in arguments.All)
        {
            command.Options.Add(option);
        }

        var parse = NodeCommandLine.Parse(command, args);
        Assert.Null(NodeCommandLine.Error(parse));
        return arguments.Read(parse, node).RouterId;
    }
}
