# Included after project() by run-vm.sh (CMAKE_PROJECT_INCLUDE) for the
# guest's static svafuzz: make find_library and pkg_check_modules pick
# the .a archives, not the shared objects a -static link refuses.
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
