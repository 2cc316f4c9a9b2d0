using System.Collections.Immutable;

namespace GitGateway.Plan.Tests;

public sealed class EquatableArrayTests
{
    [Fact]
    public void Equals_SameItemsDifferentInstances_IsTrue()
    {
        EquatableArray<string> a = ImmutableArray.Create("x", "y");
        EquatableArray<string> b = new[] { "x", "y" };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DefaultAndEmpty_IsTrue()
    {
        Assert.Equal(default(EquatableArray<int>), EquatableArray.Create<int>());
        Assert.Empty(default(EquatableArray<int>));
    }

    [Fact]
    public void Equals_DifferentOrder_IsFalse()
    {
        Assert.NotEqual(EquatableArray.Create(1, 2), EquatableArray.Create(2, 1));
    }
}
