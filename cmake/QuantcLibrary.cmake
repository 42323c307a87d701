# quantc_add_library(name SOURCES... [DEPENDS tablegen-targets...] [LINK_LIBS libs...])
#
# A quantc library linked against the MLIR/LLVM dylibs (not the static component
# libraries, which would duplicate MLIR's global registries next to libMLIR.so), and
# exported for find_package(quantc).
function(quantc_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS} MLIR LLVM)
  if(QUANTC_SANITIZE)
    # Whoever links an instrumented library needs the sanitizer runtimes.
    target_link_options(${name} INTERFACE -fsanitize=address,undefined)
  endif()
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  install(TARGETS ${name} EXPORT quantcTargets ARCHIVE DESTINATION lib)
  set_property(GLOBAL APPEND PROPERTY QUANTC_LIBS ${name})
endfunction()
