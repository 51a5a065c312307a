using StudioManager.Platform;

namespace StudioManager.Tests.Unit;

/// <summary>The studio's pure rules: IBAN (on the compact, upper-case form the settings store), slugs, currencies,
/// time zones. No app, no database.</summary>
public sealed class StudioSettingsRulesTests
{
    [Theory]
    [InlineData("DE89370400440532013000")] // Germany, 22
    [InlineData("GB82WEST12345698765432")] // United Kingdom, letters in the bank code
    [InlineData("FR1420041010050500013M02606")] // France, a letter in the account number
    [InlineData("NL91ABNA0417164300")] // Netherlands
    [InlineData("BE68539007547034")] // Belgium, 16
    [InlineData("CH9300762011623852957")] // Switzerland
    [InlineData("NO9386011117947")] // Norway, 15: the shortest
    [InlineData("MT84MALT011000012345MTLCAST001S")] // Malta, 31
    [InlineData("LC55HEMM000100010012001200023015")] // Saint Lucia, 32
    [InlineData("ES9121000418450200051332")] // Spain
    [InlineData("IT60X0542811101000000123456")] // Italy, the CIN letter
    [InlineData("SE4550000000058398257466")] // Sweden
    [InlineData("PL61109010140000071219812874")] // Poland
    [InlineData("DE02370400440532010007")] // check digits 02 and 98: the ends of the valid range
    [InlineData("DE98370400440532010025")]
    public void ShouldAcceptValidIbans(string iban) => Assert.True(StudioSettings.IsIban(iban));

    [Theory]
    [InlineData("DE89370400440532013001", "last digit changed")]
    [InlineData("DE98370400440532013000", "check digits changed")]
    [InlineData("GB82WEST12345698765423", "two digits swapped")]
    [InlineData("FR1420041010050500013M02607", "last digit changed")]
    [InlineData("DE01370400440532010025", "check digits 01 (mod 97 like 98, but never valid)")]
    [InlineData("DE00370400440532010043", "check digits 00 (mod 97 like 97, but never valid)")]
    [InlineData("DE99370400440532010007", "check digits 99 (mod 97 like 02, but never valid)")]
    [InlineData("de89370400440532013000", "lower case: the settings store the compact upper-case form")]
    [InlineData("DE89 3704 0044 0532 0130 00", "spaces: the settings compact first")]
    [InlineData("D989370400440532013000", "country code with a digit")]
    [InlineData("DEX9370400440532013000", "check digit with a letter")]
    [InlineData("NO938601111794", "14 characters: too short")]
    [InlineData("LC55HEMM00010001001200120002301500", "35 characters: too long")]
    [InlineData("DE89370400440532013000!", "punctuation")]
    [InlineData("", "empty")]
    public void ShouldRefuseInvalidIbans(string iban, string why) => Assert.False(StudioSettings.IsIban(iban), why);

    [Theory]
    [InlineData("Blue Room Studio!", "blue-room-studio")]
    [InlineData("Café Crème", "cafe-creme")]
    [InlineData("Ünïcödé Sound", "unicode-sound")]
    [InlineData("İstanbul Kayıt", "istanbul-kayit")]
    [InlineData("Studio 54", "studio-54")]
    [InlineData("1984", "1984")]
    [InlineData("  --Rock__&__Roll--  ", "rock-roll")]
    [InlineData("🎸 Riff Factory 🥁", "riff-factory")]
    [InlineData("Søren's Lydstudie", "soren-s-lydstudie")]
    [InlineData("Ærø Straße Łódź Œuvre", "aero-strasse-lodz-oeuvre")]
    [InlineData("🎸🥁", "studio")]
    [InlineData("スタジオ", "studio")]
    [InlineData("", "studio")]
    [InlineData("---", "studio")]
    public void ShouldMakeSlugsOfLowerCaseAsciiLettersDigitsAndSingleHyphens(string name, string slug) =>
        Assert.Equal(slug, StudioSettingsRules.Slugify(name));

    [Fact]
    public void ShouldCutALongSlugAtFiftyCharactersWithoutATrailingHyphen()
    {
        var slug = StudioSettingsRules.Slugify(new string('a', 49) + " bcd");
        Assert.Equal(new string('a', 49), slug);
        Assert.Equal(50, StudioSettingsRules.Slugify(new string('x', 80)).Length);
    }

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("usd", true)]
    [InlineData("JPY", true)]
    [InlineData("CHF", true)]
    [InlineData("EURO", false)]
    [InlineData("XYZ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ShouldKnowIso4217Currencies(string? code, bool valid) => Assert.Equal(valid, StudioSettingsRules.IsCurrency(code));

    [Theory]
    [InlineData("Europe/Paris", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData(" ", false)]
    [InlineData(null, false)]
    public void ShouldKnowIanaTimeZones(string? id, bool valid) => Assert.Equal(valid, StudioSettingsRules.IsTimeZone(id));
}
