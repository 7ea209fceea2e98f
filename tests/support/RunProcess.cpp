// SPDX-License-Identifier: BSD-3-Clause
#include "RunProcess.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "TestData.h"

namespace voxdiff::test {

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
} // namespace

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args) {
    // Output goes through files, not pipes, so a chatty child can never block on a full pipe.
    TempDir tmp;
    const auto outPath = tmp / "stdout";
    const auto errPath = tmp / "stderr";
    ProcessResult r;
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int in = ::open("/dev/null", O_RDONLY);
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::dup2(in, 0);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(outPath);
    r.err = slurp(errPath);
    return r;
}

std::string findProgram(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        const std::filesystem::path candidate = std::filesystem::path(dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
    }
    return {};
}

std::string cliProgram() {
#ifdef VOXDIFF_CLI_PATH
    return VOXDIFF_CLI_PATH;
#else
    return findProgram("voxdiff-cli");
#endif
}

ProcessResult runCli(const std::vector<std::string>& args) {
#ifdef VOXDIFF_CLI_PATH
    return runProcess(VOXDIFF_CLI_PATH, args);
#else
    return runProcess("voxdiff-cli", args);
#endif
}

ProcessResult runCliWithEnv(const std::vector<std::string>& env,
                            const std::vector<std::string>& args) {
#ifdef VOXDIFF_CLI_PATH
    const std::string cli = VOXDIFF_CLI_PATH;
#else
    const std::string cli = findProgram("voxdiff-cli");
#endif
    std::vector<std::string> all = env;
    all.push_back(cli);
    all.insert(all.end(), args.begin(), args.end());
    return runProcess(findProgram("env"), all);
}

ProcessResult runCliUnprivileged(const std::vector<std::string>& args) {
#ifdef VOXDIFF_CLI_PATH
    const std::filesystem::path cli = VOXDIFF_CLI_PATH;
#else
    const std::filesystem::path cli = "voxdiff-cli";
#endif
    if (::geteuid() != 0) {
        return runProcess(cli.string(), args);
    }
    namespace fs = std::filesystem;
    TempDir bin;
    const fs::path copy = bin / "voxdiff-cli";
    fs::copy_file(cli, copy);
    fs::permissions(bin.path(), fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
    fs::permissions(copy, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    std::vector<std::string> all{"--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                 copy.string()};
    all.insert(all.end(), args.begin(), args.end());
    return runProcess("/usr/bin/setpriv", all);
}

} // namespace voxdiff::test
