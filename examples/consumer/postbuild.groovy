// Run by the Loopwork build's check (examples/pom.xml) after this project's build; a user's project
// does not need it. Every Loopwork artifact must come from the throw-away repository the check
// installed, never through the mirror of the build's own local repository, which may hold older ones
// (a dependency added here must be added to examples/pom.xml too).
def fetched = new File(basedir, 'build.log').readLines().findAll { it =~ /Download(ing|ed) from .*\/dev\/loopwork\// }
if (!fetched.isEmpty()) {
    throw new IllegalStateException("Loopwork artifacts fetched instead of installed by the check: " + fetched.join('; '))
}
return true
