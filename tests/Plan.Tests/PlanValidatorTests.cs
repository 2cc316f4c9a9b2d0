namespace GitGateway.Plan.Tests;

public sealed class PlanValidatorTests
{
    [Fact]
    public void Validate_SamplePlan_HasNoProblems()
    {
        Assert.Empty(PlanValidator.Validate(SamplePlans.Store()));
    }

    [Fact]
    public void Validate_WrongSchemaAndNegativeWeight_ReportsBoth()
    {
        var plan = SamplePlans.Store(v1Weight: -1) with { SchemaVersion = "v0" };

        var problems = PlanValidator.Validate(plan);

        Assert.Contains(problems, p => p.Contains("schemaVersion", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("negative weight", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DuplicateListenerIds_Reported()
    {
        var plan = SamplePlans.Store();
        plan = plan with { Listeners = [plan.Listeners[0], plan.Listeners[0]] };

        Assert.Contains(PlanValidator.Validate(plan), p => p.Contains("duplicate listener", StringComparison.Ordinal));
    }
}
