using System.Text;
using GitGateway.Reconciler.Scheduling;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Scheduling;

public sealed class FreezeWindowReaderTests
{
    [Theory]
    [InlineData("99999999999d")]
    [InlineData("9223372036854775807s")]
    [InlineData("10000000d10000000d")]
    public void Read_DurationLongerThanATimeSpanHolds_AnErrorNotAnException(string duration)
    {
        var file = new SourceFile("gitgateway.yaml", Encoding.UTF8.GetBytes($"spec:\n  freezeWindows:\n  - {{schedule: '0 0 18 ? * FRI', duration: {duration}}}\n"));

        var (windows, errors) = FreezeWindowReader.Read([file]);

        Assert.Empty(windows);
        Assert.Equal("gitgateway.yaml:3: freeze window needs a valid Quartz cron 'schedule' and a 'duration' like 64h or 1h30m", Assert.Single(errors));
    }
}
