/// Windows event XML as Event Viewer / `wevtutil qe /f:RenderedXml` writes it, one fixture per
/// event wfpwatch reads. Field names are Windows' own; addresses are documentation ranges.
enum EventXMLFixtures {
    /// Security 5156, single quotes, one line, with RenderingInfo (whose Provider must not win).
    static let security5156 = "<?xml version='1.0' encoding='UTF-8'?>"
        + "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/>"
        + "<EventID>5156</EventID><Version>1</Version><Level>0</Level><Task>12810</Task><Opcode>0</Opcode>"
        + "<Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-12-04T15:30:00.1234567Z'/>"
        + "<EventRecordID>4242</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='88'/>"
        + "<Channel>Security</Channel><Computer>win01.example.test</Computer><Security/></System><EventData>"
        + "<Data Name='ProcessID'>3596</Data>"
        + "<Data Name='Application'>\\device\\harddiskvolume2\\windows\\system32\\svchost.exe</Data>"
        + "<Data Name='Direction'>%%14593</Data><Data Name='SourceAddress'>192.0.2.10</Data>"
        + "<Data Name='SourcePort'>50123</Data><Data Name='DestAddress'>198.51.100.7</Data>"
        + "<Data Name='DestPort'>443</Data><Data Name='Protocol'>6</Data><Data Name='FilterRTID'>71130</Data>"
        + "<Data Name='LayerName'>%%14611</Data><Data Name='LayerRTID'>48</Data>"
        + "<Data Name='RemoteUserID'>S-1-0-0</Data><Data Name='RemoteMachineID'>S-1-0-0</Data></EventData>"
        + "<RenderingInfo Culture='en-US'><Message>The Windows Filtering Platform has permitted a connection.&#13;\n"
        + "&#13;\nNetwork Information:&#13;\n\tDirection:\t\tOutbound</Message><Level>Information</Level>"
        + "<Channel>Security</Channel><Provider>Microsoft Windows security auditing.</Provider>"
        + "<Keywords><Keyword>Audit Success</Keyword></Keywords></RenderingInfo></Event>"

    /// Security 5157, pretty-printed with CRLF, double quotes, `Qualifiers` on EventID.
    static let security5157 = """
        <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\r
          <System>\r
            <Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-a5ba-3e3b0328c30d}" />\r
            <EventID Qualifiers="0">5157</EventID>\r
            <TimeCreated SystemTime="2024-12-04T15:31:02.000000000Z" />\r
            <Channel>Security</Channel>\r
            <Computer>dc01.example.test</Computer>\r
          </System>\r
          <EventData>\r
            <Data Name="ProcessID">996</Data>\r
            <Data Name="Application">\\device\\harddiskvolume2\\windows\\system32\\svchost.exe</Data>\r
            <Data Name="Direction">%%14592</Data>\r
            <Data Name="SourceAddress">203.0.113.9</Data>\r
            <Data Name="SourcePort">61405</Data>\r
            <Data Name="DestAddress">192.0.2.20</Data>\r
            <Data Name="DestPort">135</Data>\r
            <Data Name="Protocol">6</Data>\r
          </EventData>\r
        </Event>\r

        """

    /// Sysmon 3 with a namespace prefix on every element.
    static let sysmon3 = "<ev:Event xmlns:ev='http://schemas.microsoft.com/win/2004/08/events/event'><ev:System>"
        + "<ev:Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>"
        + "<ev:EventID>3</ev:EventID><ev:TimeCreated SystemTime='2024-12-04T15:32:10.6080000Z'/>"
        + "<ev:Channel>Microsoft-Windows-Sysmon/Operational</ev:Channel><ev:Computer>ws042.example.test</ev:Computer>"
        + "</ev:System><ev:EventData><ev:Data Name='RuleName'>-</ev:Data>"
        + "<ev:Data Name='UtcTime'>2024-12-04 15:32:10.608</ev:Data>"
        + "<ev:Data Name='ProcessGuid'>{b3ab91eb-7d79-5f63-4d00-000000000300}</ev:Data>"
        + "<ev:Data Name='ProcessId'>6008</ev:Data>"
        + "<ev:Data Name='Image'>C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe</ev:Data>"
        + "<ev:Data Name='User'>EXAMPLE\\alice</ev:Data><ev:Data Name='Protocol'>tcp</ev:Data>"
        + "<ev:Data Name='Initiated'>true</ev:Data><ev:Data Name='SourceIsIpv6'>false</ev:Data>"
        + "<ev:Data Name='SourceIp'>192.0.2.44</ev:Data><ev:Data Name='SourceHostname'>-</ev:Data>"
        + "<ev:Data Name='SourcePort'>49720</ev:Data><ev:Data Name='SourcePortName'>-</ev:Data>"
        + "<ev:Data Name='DestinationIsIpv6'>true</ev:Data><ev:Data Name='DestinationIp'>2001:db8::7</ev:Data>"
        + "<ev:Data Name='DestinationHostname'>-</ev:Data><ev:Data Name='DestinationPort'>8443</ev:Data>"
        + "<ev:Data Name='DestinationPortName'>-</ev:Data></ev:EventData></ev:Event>"

    /// Security 4688 with entities in the command line.
    static let security4688 = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4688</EventID>"
        + "<TimeCreated SystemTime='2024-12-04T15:33:00.5Z'/><Channel>Security</Channel>"
        + "<Computer>ws042.example.test</Computer></System><EventData>"
        + "<Data Name='SubjectUserSid'>S-1-5-21-1-2-3-1104</Data><Data Name='SubjectUserName'>alice</Data>"
        + "<Data Name='SubjectDomainName'>EXAMPLE</Data><Data Name='SubjectLogonId'>0x2b78cd</Data>"
        + "<Data Name='NewProcessId'>0x1870</Data><Data Name='NewProcessName'>C:\\Windows\\System32\\cmd.exe</Data>"
        + "<Data Name='TokenElevationType'>%%1938</Data><Data Name='ProcessId'>0x181c</Data>"
        + "<Data Name='CommandLine'>cmd.exe /c &quot;echo &lt;ok&gt; &amp;&amp; whoami&quot; &#65;&#x42;&apos;</Data>"
        + "<Data Name='TargetUserSid'>S-1-0-0</Data><Data Name='TargetUserName'>-</Data>"
        + "<Data Name='ParentProcessName'>C:\\Users\\alice\\Desktop\\tool.exe</Data>"
        + "<Data Name='MandatoryLabel'>S-1-16-8192</Data></EventData></Event>"

    /// Sysmon 1 with a CDATA command line and an empty `ParentUser`.
    static let sysmon1 = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>"
        + "<EventID>1</EventID><TimeCreated SystemTime='2024-12-04T15:34:14.2680000Z'/>"
        + "<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>ws042.example.test</Computer></System>"
        + "<EventData><Data Name='UtcTime'>2024-12-04 15:34:14.268</Data><Data Name='ProcessId'>6256</Data>"
        + "<Data Name='Image'>C:\\Windows\\System32\\cmd.exe</Data>"
        + "<Data Name='CommandLine'><![CDATA[cmd.exe /c echo <b> & type a]]]]><![CDATA[>b]]></Data>"
        + "<Data Name='User'>EXAMPLE\\alice</Data><Data Name='ParentProcessId'>6172</Data>"
        + "<Data Name='ParentImage'>C:\\Users\\alice\\Desktop\\tool.exe</Data><Data Name='ParentUser'/>"
        + "</EventData></Event>"

    /// Sysmon 22 with a comment inside EventData and an XML declaration in double quotes.
    static let sysmon22 = "<?xml version=\"1.0\"?>\n"
        + "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">"
        + "<System><Provider Name=\"Microsoft-Windows-Sysmon\"/><EventID>22</EventID>"
        + "<TimeCreated SystemTime=\"2024-12-04T15:35:54.518Z\"/>"
        + "<Channel>Microsoft-Windows-Sysmon/Operational</Channel>"
        + "<Computer>ws042.example.test</Computer></System><EventData><!-- forwarded by wec01 -->"
        + "<Data Name=\"ProcessId\">9076</Data><Data Name=\"QueryName\">update.example.test</Data>"
        + "<Data Name=\"QueryStatus\">0</Data>"
        + "<Data Name=\"QueryResults\">type:  5 cdn.example.test;::ffff:198.51.100.20;</Data>"
        + "<Data Name=\"Image\">C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe</Data>"
        + "</EventData></Event>"

    static let all = [security5156, security5157, sysmon3, security4688, sysmon1, sysmon22]
}
