import { escapeHtml, fileSize, renderListing } from './listing-page';

describe('renderListing', () => {
  it("renders Pulp's index page: sorted, escaped, padded names with date and size", () => {
    const page = renderListing('/pulp/content/files/', [
      { name: 'b.txt', date: new Date('2026-03-04T05:06:07Z'), size: 1234 },
      { name: 'a&<dir>/' },
    ]);
    expect(page).toBe(
      '<html>\n<head><title>Index of /pulp/content/files/</title></head>\n<body bgcolor="white">\n' +
        '<h1>Index of /pulp/content/files/</h1>\n<hr><pre>\n<a href="../">../</a>\n' +
        `<a href="./a&amp;&lt;dir&gt;/">a&amp;&lt;dir&gt;/</a>${' '.repeat(100 - 'a&amp;&lt;dir&gt;/'.length)}  \n` +
        `<a href="./b.txt">b.txt</a>${' '.repeat(95)}04-Mar-2026 05:06  1.2 kB\n` +
        '</pre><hr></body>\n</html>\n',
    );
  });

  it('has no parent link at the content root', () => {
    expect(renderListing('/pulp/content/', [], { root: true })).not.toContain('../');
  });
});

describe('fileSize', () => {
  it.each([
    [1, '1 Byte'],
    [999, '999 Bytes'],
    [1000, '1.0 kB'],
    [1_048_576, '1.0 MB'],
    [4_500_000_000, '4.5 GB'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(fileSize(bytes)).toBe(text);
  });
});

describe('escapeHtml', () => {
  it('escapes as markupsafe does', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
