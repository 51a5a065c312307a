using System.Text.RegularExpressions;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Unit;

/// <summary>Infrastructure holds mechanisms only: it never names a feature (ARCHITECTURE.md, Layout). A feature plugs in
/// through the mechanism's own contracts (ITenantModel, IAnswersErrorStatus, AddOutbox&lt;TContext&gt;, …).</summary>
public partial class LayeringTests
{
    [Fact]
    public void ShouldKeepInfrastructureFreeOfFeatures()
    {
        var folder = Path.Combine(Repository.Root(), "src", "StudioManager", "Infrastructure");
        var offences = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => FeatureReference().IsMatch(StringLiteral().Replace(l.line, "")))
            .Select(l => $"{Path.GetRelativePath(folder, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();
        Assert.True(offences.Count == 0, "Infrastructure names a feature:\n" + string.Join("\n", offences));
    }

    /// <summary>Any StudioManager namespace but Infrastructure's own, in a using or a qualified name.</summary>
    [GeneratedRegex(@"\bStudioManager\.(?!Infrastructure\b)[A-Z]\w*")]
    private static partial Regex FeatureReference();

    /// <summary>A name inside a string (a data-protection purpose) is data, not a reference.</summary>
    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex StringLiteral();
}
