using StudioManager.Infrastructure.Errors;

namespace StudioManager.Tests.Unit;

/// <summary>The one email rule (Validation.IsEmail) of registration, invitations, settings and clients.</summary>
public sealed class EmailRulesTests
{
    [Theory]
    [InlineData("a@b.co")]
    [InlineData("first.last+tag@example.com")]
    [InlineData("o'brien@example.ie")]
    [InlineData("user@mail.sub.example.org")]
    [InlineData("UPPER@EXAMPLE.COM")]
    [InlineData("x@xn--bcher-kva.example")]
    public void ShouldAcceptAddresses(string email) => Assert.True(Validation.IsEmail(email));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData("user@localhost")] // no dot in the host
    [InlineData("a@@example.com")]
    [InlineData("a b@example.com")]
    [InlineData(" a@example.com")] // surrounding spaces are the caller's to trim
    [InlineData("a@example.com ")]
    [InlineData("Zoé <zoe@example.com>")] // a display name is not an address
    [InlineData("a@example.com, b@example.com")]
    public void ShouldRefuseWhatIsNotASingleAddress(string? email) => Assert.False(Validation.IsEmail(email));

    [Fact]
    public void ShouldRefuseAnAddressLongerThan256Characters()
    {
        static string Address(int length)
        {
            var start = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 3)) + ".";
            return start + new string('c', length - start.Length);
        }
        Assert.True(Validation.IsEmail(Address(256)));
        Assert.False(Validation.IsEmail(Address(257)));
    }
}
