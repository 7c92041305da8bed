/*
 * ndksim topologies: error type for bad topology input.
 */
#ifndef NDKSIM_TOPO_TOPO_ERROR_H
#define NDKSIM_TOPO_TOPO_ERROR_H

#include <cstddef>
#include <stdexcept>
#include <string>

namespace ndksim::topo
{

/**
 * \brief A bad topology: unreadable file, bad generator string, or a graph that fails validation.
 *
 * what() reads "file:line: message", "file: message" or "message", depending on what is known, so a
 * caller can print it as is. The message names the node, link or key concerned and what is wrong.
 */
class TopoError : public std::runtime_error
{
  public:
    /**
     * \param message what is wrong, naming the node, link or key concerned
     * \param file input file or other source ("" if none)
     * \param line 1-based line in \p file (0 if not known)
     */
    explicit TopoError(const std::string& message,
                       const std::string& file = "",
                       std::size_t line = 0);

    /** \return the message without the file and line prefix */
    const std::string& GetMessage() const;
    /** \return the file (or other source) the error was found in, "" if none */
    const std::string& GetFile() const;
    /** \return the 1-based line, 0 if not known */
    std::size_t GetLine() const;

    /**
     * \param file the source to attach
     * \return a copy naming \p file, unless this error already names a file
     */
    TopoError InFile(const std::string& file) const;

  private:
    static std::string Format(const std::string& message,
                              const std::string& file,
                              std::size_t line);

    std::string m_message; //!< message without prefix
    std::string m_file;    //!< source file, may be empty
    std::size_t m_line;    //!< 1-based line, 0 if unknown
};

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_TOPO_ERROR_H
