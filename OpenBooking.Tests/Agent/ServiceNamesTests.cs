using OpenBooking.Tools.Calendar;
using OpenBooking.Web.Agent;

namespace OpenBooking.Tests.Agent;

public sealed class ServiceNamesTests
{
    private static readonly ServiceInfo[] Barber =
    [
        Service("Appointment", 60),
        Service("Haircut", 30),
        Service("Beard trim", 20),
        Service("Massage 30", 30),
        Service("Massage 60", 60),
    ];

    private static ServiceInfo Service(string name, int minutes) =>
        new(name.ToLowerInvariant().Replace(' ', '-'), name, null, minutes, 0, 0, 60, 120, 90, 1);

    [Theory]
    [InlineData("book a haircut tomorrow at 3", "Haircut")]
    [InlineData("HAIRCUTS", "Haircut")]
    [InlineData("can I get a hair cut on monday", "Haircut")]
    [InlineData("hiarcut pls", "Haircut")]
    [InlineData("beard trim please", "Beard trim")]
    [InlineData("just the beard", "Beard trim")]
    [InlineData("a 60 min massage", "Massage 60")]
    [InlineData("a massage", "Massage 30,Massage 60")]
    [InlineData("book an appointment tomorrow", "")]
    [InlineData("is 10am free tomorrow?", "")]
    [InlineData("hair", "")]
    [InlineData("for 60 minutes", "")]
    public void Find_InASentence_NamesTheServicesItFits(string text, string expected) =>
        Assert.Equal(expected, string.Join(",", ServiceNames.Find(text, Barber, answering: false).Select(s => s.Name)));

    [Theory]
    [InlineData("appointment", "Appointment")]
    [InlineData("hair", "Haircut")]
    [InlineData("mass", "")]
    [InlineData("whatever", "")]
    public void Find_AnsweringWhichService_AcceptsGenericWordsAndUniquePrefixes(string text, string expected) =>
        Assert.Equal(expected, string.Join(",", ServiceNames.Find(text, Barber, answering: true).Select(s => s.Name)));

    [Theory]
    [InlineData(20, "20 min")]
    [InlineData(60, "1 hour")]
    [InlineData(120, "2 hours")]
    [InlineData(90, "1 h 30 min")]
    public void Length_Minutes_ReadsNaturally(int minutes, string expected) =>
        Assert.Equal(expected, ServiceNames.Length(minutes));
}
